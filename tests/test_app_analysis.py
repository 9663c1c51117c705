"""App tests of the analysis pages: ABC, Kundenprofil, After-Sales-Matrix, Kundenstimme (NPS), Methode."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.criteria import CRITERIA
from kundenwert.dataset import CustomerList, build
from kundenwert.fmt import fmt_num
from kundenwert.ingest.reader import RawTable, column_letter
from kundenwert.matrix import after_sales_matrix
from kundenwert.nps import net_promoter_score
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui import abc_page
from tests.session_kit import list_of, ok, opened, put_list, put_settings

ROOT = Path(__file__).resolve().parents[1]
ABC, PROFILE, MATRIX, NPS, METHOD = (
    "pages/2_ABC-Analyse.py", "pages/3_Kundenprofil.py", "pages/4_After-Sales-Matrix.py",
    "pages/5_Kundenstimme_NPS.py", "pages/6_Methode.py")
RATING_HEADERS = [c.header_de for c in CRITERIA]


def page(path: str) -> AppTest:
    return AppTest.from_file(str(ROOT / path), default_timeout=60)


def with_list(path: str, cl: CustomerList, **settings) -> AppTest:
    """The page with a customer list put into the session the way state.py keeps it."""
    at = page(path)
    put_list(at, cl)
    put_settings(at, **settings)
    return ok(at.run())


def raw_list(headers: list[str], rows: list[list]) -> CustomerList:
    raw = RawTable("test.xlsx", "xlsx", "Kunden", ["Kunden"], 1, headers,
                   [column_letter(i) for i in range(len(headers))], rows, list(range(2, len(rows) + 2)))
    return build(raw)


def sample_frame_list(n: int, drop: tuple[str, ...] = ()) -> CustomerList:
    from kundenwert.sample import generate_customers

    df = generate_customers(n).drop(columns=list(drop))
    rows = [[None if isinstance(v, float) and math.isnan(v) else v for v in r] for r in df.itertuples(index=False)]
    return raw_list([str(h) for h in df.columns], rows)


def session_list(at: AppTest) -> CustomerList:
    return list_of(at)


def metric(at: AppTest, label_part: str) -> str:
    found = [m.value for m in at.metric if label_part in m.label]
    assert found, f"no metric with {label_part!r} in {[m.label for m in at.metric]}"
    return found[0]


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [f["layout"]["meta"]["title"] for f in figures(at)]


def as_int(text: str) -> int:
    return int(text.replace(".", ""))


# --------------------------------------------------------------------------------- empty states

@pytest.mark.parametrize("path", [ABC, PROFILE, MATRIX, NPS])
def test_empty_state_says_what_to_do_and_offers_the_sample(path):
    at = ok(page(path).run())
    assert "Noch keine Kundenliste geladen" in texts(at.info)
    assert at.button(key="kw_sample_btn").label == "Beispieldaten laden"
    assert not at.get("plotly_chart")


def test_method_page_explains_the_model_without_data():
    at = ok(page(METHOD).run())
    criteria = at.table[0].value
    assert len(criteria) == 12
    assert "Feilscht der Kunde um jeden Preis?" in set(criteria["Die Frage dahinter"])
    assert (criteria.loc[criteria["Kriterium"] == "Preissensibilität", "Richtung"].iat[0]
            .startswith("hoch = schlecht"))
    assert at.button(key="method_sample_btn")
    study = next(t.value for t in at.table if "Wiederkauf beim selben Händler" in t.value.columns)
    assert list(study["Wiederkauf beim selben Händler"]) == ["93 %", "45 %", "14 %", "3 %"]


# ------------------------------------------------------------------------------------------- ABC

def _class_counts_shown(at: AppTest) -> dict[str, int]:
    return {c: as_int(metric(at, f"Klasse {c}]")) for c in "ABC"}


def test_abc_page_with_sample_shows_engine_class_counts_and_charts():
    at = opened(ABC)
    expected = score(session_list(at), Scenario()).class_counts()
    assert _class_counts_shown(at) == expected
    assert "Score-Schwellen" in texts(at.info)
    assert any(t.startswith("Klassen im Vergleich") for t in titles(at))
    for tab in ("Pareto-Kurve", "Verteilung der Scores", "Score und Umsatz"):    # the other charts: one tab each
        at.session_state[abc_page.K_CHART_TABS] = tab
        assert any(t.startswith(tab) for t in titles(ok(at.run()))), tab
    at.session_state[abc_page.K_LISTS] = True                        # the class lists: behind a click
    assert [t.label for t in ok(at.run()).tabs][4:7] == ["Klasse A", "Klasse B", "Klasse C"]
    assert f"{expected['A']} Kunden in Klasse A" in texts(at.caption)


@pytest.mark.parametrize("method", ["rank", "pareto"])
def test_abc_page_after_switching_the_class_method(method):
    at = opened(ABC)
    at.selectbox(key="kw_method").set_value(method).run()
    ok(at)
    expected = score(session_list(at), Scenario().with_method(method)).class_counts()
    assert _class_counts_shown(at) == expected
    assert {"rank": "Rang-Anteile", "pareto": "Pareto"}[method] in texts(at.info)
    if method == "pareto":     # thresholds drawn on the curve
        at.session_state[abc_page.K_CHART_TABS] = "Pareto-Kurve"
        ok(at.run())
        lorenz = next(f for f in figures(at) if f["layout"]["meta"]["title"].startswith("Pareto-Kurve"))
        assert sorted(s["y0"] for s in lorenz["layout"]["shapes"] if s["type"] == "line") == [80, 95]


def test_abc_page_class_list_holds_the_class_customers():
    at = opened(ABC)
    result = score(session_list(at), Scenario())
    at.session_state[abc_page.K_LISTS] = True
    table = next(df.value for df in ok(at.run()).dataframe if "Rang" in df.value.columns)
    a_ids = set(result.frame.loc[result.frame["class"] == "A", "id"])
    assert set(table["Kunden-Nr."]) == a_ids


def test_abc_page_all_weights_zero_is_a_friendly_message():
    cl = sample_frame_list(60)
    zero = {c.key: 0.0 for c in CRITERIA}
    at = with_list(ABC, cl, weights=zero)
    assert "Alle Gewichte stehen auf 0" in texts(at.error)
    assert not at.get("plotly_chart")


def test_unexpected_error_in_a_chart_is_a_message_not_a_traceback(monkeypatch):
    from kundenwert import charts

    def broken(*args, **kwargs):
        raise ValueError("kaputt")

    monkeypatch.setattr(charts, "class_shares_chart", broken)     # the open tab's chart
    at = with_list(ABC, sample_frame_list(60))
    assert "schiefgegangen" in texts(at.error)


# ---------------------------------------------------------------------------------------- profile

def test_profile_page_shows_the_top_customer_first_then_the_picked_one():
    at = opened(PROFILE)
    result = score(session_list(at), Scenario())
    ranked = result.ranking()
    n = len(ranked)
    assert metric(at, "Rang") == f"1 von {fmt_num(n, 0)}"
    pick = ranked.iloc[6]
    at.selectbox(key="kw_profile_pick").set_value(pick["id"]).run()
    ok(at)
    assert metric(at, "Rang") == f"7 von {fmt_num(n, 0)}"
    assert metric(at, "Score") == fmt_num(pick["score"], 1)
    assert metric(at, "Klasse") == pick["class"]
    assert "Summe der Beiträge" in texts(at.markdown)
    assert f"= Score **{fmt_num(pick['score'], 2)}**" in texts(at.markdown)
    shown = titles(at)
    assert any(t.startswith("Bewertungen im Vergleich") for t in shown)
    assert any(t.startswith("Beiträge der Kriterien") for t in shown)
    # the choice survives a rerun (e.g. a slider move elsewhere)
    at.run()
    assert metric(at, "Rang") == f"7 von {fmt_num(n, 0)}"


def test_profile_page_lift_section_for_a_b_customer():
    at = opened(PROFILE)
    result = score(session_list(at), Scenario())
    b = result.ranking()[lambda f: f["class"] == "B"].iloc[0]
    at.selectbox(key="kw_profile_pick").set_value(b["id"]).run()
    ok(at)
    assert any("Klasse A" in s.value for s in at.subheader)
    assert f"Es fehlen **{fmt_num(7.0 - b['score'], 2)} Punkte**" in texts(at.markdown)


def test_profile_page_flags_a_slow_payer():
    cl = sample_frame_list(80)
    j = cl.criteria.index("payment_behaviour")
    pos = int(np.flatnonzero(cl.ratings[:, j] <= 3)[0])
    at = with_list(PROFILE, cl)
    at.selectbox(key="kw_profile_pick").set_value(str(cl.customers["id"].iat[pos])).run()
    ok(at)
    assert "Vorkasse erwägen" in texts(at.warning)


def test_profile_page_large_list_searches_first():
    cl = sample_frame_list(3200)
    at = with_list(PROFILE, cl)
    box = at.text_input(key="kw_profile_query")
    target = cl.customers.iloc[2500]
    box.input(str(target["id"])).run()
    ok(at)
    options = at.selectbox(key="kw_profile_pick").options
    assert len(options) <= 51
    assert any(str(target["id"]) in o for o in options)
    at.selectbox(key="kw_profile_pick").set_value(str(target["id"])).run()
    ok(at)
    assert any(str(target["name"]) in s.value.replace("\\", "") for s in at.subheader)


def test_customer_names_are_never_rendered_as_html():
    evil = "<img src=x onerror=alert(1)> **Fett** [Link](http://x)"
    headers = ["Kunden-Nr.", "Kunde", *RATING_HEADERS]
    rows = [["1", evil, *([9.0] * 5 + [1.0] * 2 + [9.0] * 2 + [1.0] + [9.0] + [1.0])],
            ["2", "Normal GmbH", *([5.0] * 12)]]
    cl = raw_list(headers, rows)
    for path in (PROFILE, METHOD):
        at = with_list(path, cl)
        for el in [*at.markdown, *at.subheader, *at.caption]:
            assert "<img" not in el.value.replace("\\<", ""), el.value
            if el.type == "markdown":
                assert not getattr(el, "allow_html", False) or "img" not in el.value
        for html in at.get("html"):
            assert "onerror" not in str(html.proto)
        for fig in figures(at):
            assert "<img" not in json.dumps(fig)


# ----------------------------------------------------------------------------- after-sales matrix

def test_matrix_with_the_sample_columns_matches_the_engine():
    at = opened(MATRIX)
    m = after_sales_matrix(session_list(at))
    assert m.own_data
    table = next(t.value for t in at.table if "Wiederkaufrate" in t.value.columns)
    both = table[table["Feld"] == "Kauf ✓ · Service ✓"].iloc[0]
    cell = m.cell(True, True)
    assert as_int(both["Kunden"]) == cell.customers
    assert as_int(both["Wiederkäufer"]) == cell.repurchasers
    assert both["Studie"] == "93 %"
    assert f"kaufen zu {fmt_num(cell.rate * 100, 0)} %" in texts(at.markdown)
    assert any(t.startswith("After-Sales-Matrix: Wiederkaufrate") for t in titles(at))
    assert not [s for s in at.slider if s.key == "kw_matrix_thr_w"]   # yes/no columns: no threshold


def test_matrix_without_its_columns_shows_the_study_and_what_is_missing():
    cl = sample_frame_list(50, drop=("Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"))
    at = with_list(MATRIX, cl)
    assert "Studie" in texts(at.info)
    shown = texts(at.markdown)
    for column in ("Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"):
        assert column in shown
    assert any("Studie" in t for t in titles(at))
    study = at.table[0].value
    assert list(study["Wiederkauf beim selben Händler"]) == ["93 %", "45 %", "14 %", "3 %"]


def test_matrix_threshold_slider_for_rating_scales():
    rng = np.random.default_rng(3)
    headers = ["Kunden-Nr.", "Kunde", *RATING_HEADERS, "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"]
    rows = [[f"K{i}", f"Kunde {i}", *([5.0] * 12), float(rng.integers(0, 11)), float(rng.integers(0, 11)),
             "ja" if rng.random() < 0.5 else "nein"] for i in range(120)]
    cl = raw_list(headers, rows)
    at = with_list(MATRIX, cl)
    slider = at.slider(key="kw_matrix_thr_w")
    assert slider.value == 7.0
    slider.set_value(4.0).run()
    ok(at)
    m = after_sales_matrix(cl, 4.0)
    table = next(t.value for t in at.table if "Wiederkaufrate" in t.value.columns)
    assert [as_int(v) for v in table["Kunden"]] == [c.customers for c in
                                                   [m.cell(True, True), m.cell(False, True), m.cell(True, False),
                                                    m.cell(False, False)]]
    assert m.cell(True, True).customers != after_sales_matrix(cl, 7.0).cell(True, True).customers


def test_matrix_few_customers_are_called_out():
    headers = ["Kunden-Nr.", "Kunde", *RATING_HEADERS, "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"]
    rows = [[f"K{i}", f"Kunde {i}", *([5.0] * 12), "ja", "ja" if i < 20 else "nein", "ja"] for i in range(23)]
    at = with_list(MATRIX, raw_list(headers, rows))
    assert "Wenige Kunden" in texts(at.markdown)
    table = next(t.value for t in at.table if "Wiederkaufrate" in t.value.columns)
    assert "wenige Kunden" in set(table["Hinweis"])


# ------------------------------------------------------------------------------------------- NPS

def test_nps_page_matches_the_engine():
    at = opened(NPS)
    result = score(session_list(at), Scenario())
    res = net_promoter_score(result.frame["recommend"].to_numpy(dtype=float))
    value = metric(at, "Net Promoter Score")
    assert value.replace("+", "").replace("−", "-") == fmt_num(res.nps, 0)
    by_class = next(t.value for t in at.table if "Gruppe" in t.value.columns)
    assert list(by_class["Gruppe"]) == ["Klasse A", "Klasse B", "Klasse C"]
    a = result.frame[result.frame["class"] == "A"]["recommend"].to_numpy(dtype=float)
    nps_a = net_promoter_score(a).nps
    assert by_class["NPS"].iat[0].replace("+", "").replace("−", "-") == fmt_num(nps_a, 0)
    assert any("je Status" in t for t in titles(at))


def test_nps_page_without_the_column_says_which_is_needed():
    cl = sample_frame_list(40, drop=("Weiterempfehlung (0-10)",))
    at = with_list(NPS, cl)
    assert "Weiterempfehlung (0–10)" in texts(at.info)
    assert not at.get("plotly_chart")


# ----------------------------------------------------------------------------------------- method

def test_method_page_worked_example_uses_the_current_weights():
    cl = sample_frame_list(60)
    weights = {c.key: 5.0 for c in CRITERIA}
    weights["payment_behaviour"] = 9.5
    at = with_list(METHOD, cl, weights=weights)
    result = score(cl, Scenario(weights=weights))
    top = result.ranking().iloc[0]
    shown = texts(at.markdown)
    assert f"= **{fmt_num(top['score'], 2)}**" in shown
    example = next(t.value for t in at.table if "w · r'" in t.value.columns)
    pay = example[example["Kriterium"] == "Zahlungsmentalität"].iloc[0]
    assert pay["Gewicht w"] == "9,5"
    j = cl.criteria.index("payment_behaviour")
    rating = cl.ratings[result.ranking().index[0], j]
    assert pay["w · r'"] == fmt_num(9.5 * rating, 2)
    assert example.iloc[-1]["Kriterium"] == "**Summe**"


# ----------------------------------------------------------------------------------- presentation

@pytest.mark.parametrize("path", [ABC, PROFILE, MATRIX, NPS, METHOD])
def test_pages_in_presentation_mode(path):
    at = with_list(path, sample_frame_list(120), present=True)
    normal = with_list(path, sample_frame_list(120))
    if path == ABC:                       # the key-figure table waits in a closed expander: opened
        for app in (at, normal):
            app.session_state[abc_page.K_KPI_TABLE] = True
            ok(app.run())
    if path != METHOD:
        big_fonts = [f["layout"]["font"]["size"] for f in figures(at)]
        small_fonts = [f["layout"]["font"]["size"] for f in figures(normal)]
        assert big_fonts and min(big_fonts) > max(small_fonts)
    assert len(at.table) <= len(normal.table)
    if path in (ABC, MATRIX, NPS):
        assert len(at.table) < len(normal.table)               # detail tables are hidden on the projector
