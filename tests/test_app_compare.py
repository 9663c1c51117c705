"""App tests of Szenarienvergleich, Robustheit and the export section (engine results decide what is right)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.compare import NOT_SCORABLE, compare
from kundenwert.dataset import load
from kundenwert.fmt import fmt_num
from kundenwert.robustness import robustness
from kundenwert.sample import generate_customers
from kundenwert.sample_files import write_xlsx
from kundenwert.scenario import PRESETS, Scenario
from kundenwert.ui import compare_page, robustness_page
from tests.conftest import ROOT
from tests.downloads import capture
from tests.session_kit import carry, ok, opened, put_list, saved_of, view_of

COMPARE, ROBUST, RANKING = ("pages/7_Szenarienvergleich.py", "pages/8_Robustheit.py",
                            "pages/1_Gewichtung_und_Ranking.py")
EVIL = '=HYPERLINK("http://evil.example","klick")'


def with_list(path: str, cl) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    put_list(at, cl)
    return ok(at.run())


def figures(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, [m.label for m in at.metric]
    return found[0]


@pytest.fixture(scope="module")
def evil_list():
    """A list whose best customer (so it is in every report) is called like a formula."""
    from kundenwert.scoring import score

    df = generate_customers(40, seed=5)
    buf = io.BytesIO()
    write_xlsx(df, buf)
    best = score(load(buf.getvalue(), "x.xlsx"), Scenario()).ranking()["id"].iloc[0]
    is_best = df["Kunden-Nr."].astype(str) == str(best)
    df.loc[is_best, "Kunde"] = EVIL
    df.loc[df.index[~is_best][0], "Kunden-Nr."] = "+49-ID"
    buf = io.BytesIO()
    write_xlsx(df, buf)
    return load(buf.getvalue(), "=liste.xlsx")


# ------------------------------------------------------------------------------------ comparison

def test_empty_state_offers_the_sample():
    at = ok(AppTest.from_file(str(ROOT / COMPARE), default_timeout=60).run())
    assert any("Noch keine Kundenliste" in i.value for i in at.info)
    assert at.button(key="kw_sample_btn")


@pytest.mark.parametrize(("a", "b"), [("profit", "loyalty"), ("balanced", "risk")])
def test_two_presets_migration_counts_are_the_engines(sample_list, a, b):
    at = opened(COMPARE)
    at.selectbox(key="kw_cmp_a").set_value(f"preset:{a}").run()
    at.selectbox(key="kw_cmp_b").set_value(f"preset:{b}").run()
    ok(at)
    expected = compare(sample_list, PRESETS[a], PRESETS[b])
    shown = at.table[0].value
    labels = {"A": "A", "B": "B", "C": "C", NOT_SCORABLE: "nicht bewertbar"}
    for x, row in labels.items():
        for y, col in labels.items():
            n = int(expected.migration.loc[x, y])
            if row in shown.index and col in shown.columns:
                assert int(shown.loc[row, col]) == n, (x, y)
            else:
                assert n == 0, (x, y)
    assert int(shown.loc["Summe", "Summe"]) == len(sample_list.customers)
    # the flow chart carries the same moves
    sankey = next(f for f in figures(at) if f["data"][0]["type"] == "sankey")
    assert sum(sankey["data"][0]["link"]["value"]) == len(sample_list.customers)
    assert max(sankey["data"][0]["link"]["value"]) == int(expected.migration.to_numpy().max())
    # class changes, Spearman in plain words, KPIs of both sides
    assert metric(at, "Kunden mit anderer Klasse") == fmt_num(expected.changed_class, 0)
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert f"ρ = {fmt_num(expected.spearman, 2)}" in text
    counts = [m.value for m in at.metric if "Klasse A" in m.label]
    assert counts[:2] == [fmt_num(expected.a.class_counts()["A"], 0), fmt_num(expected.b.class_counts()["A"], 0)]
    # the movers: class changes first, with the criteria that drive them
    movers = at.dataframe[0].value
    changed = expected.movers[expected.movers["class_a"] != expected.movers["class_b"]]
    assert movers["Kunden-Nr."].tolist() == changed["id"].astype(str).tolist()[:compare_page.MOVERS_SHOWN]
    assert movers[compare_page.movers_columns()["drivers"]].tolist() == changed["drivers"].tolist()[:len(movers)]
    pairs = [(list(a), list(b)) for a, b in zip(movers[compare_page.movers_columns()["class_a"]], movers[compare_page.movers_columns()["class_b"]],
                                                strict=True)]
    assert all(a != b for a, b in pairs)
    shown_class = {NOT_SCORABLE: "nicht bewertbar"}
    assert pairs == [([shown_class.get(x, x)], [shown_class.get(y, y)])
                     for x, y in zip(changed["class_a"], changed["class_b"], strict=True)][:len(movers)]


def test_movers_table_names_the_scenarios_and_says_why_a_customer_has_no_score():
    """Columns say which scenario they belong to ("Klasse A" read like customer class A); a customer
    scorable in only one scenario shows "nicht bewertbar" and the engine's reason, never "None" (issue 12)."""
    from tests.test_compare import gappy_list

    cl, ids = gappy_list()
    at = with_list(COMPARE, cl)
    at.selectbox(key="kw_cmp_a").set_value("preset:risk").run()
    at.selectbox(key="kw_cmp_b").set_value("preset:profit").run()
    ok(at)
    expected = compare(cl, PRESETS["risk"], PRESETS["profit"])
    table = at.dataframe[0]
    movers = table.value
    for tag in ("A", "B"):
        for what in ("Klasse", "Rang", "Score"):
            assert f"{what} (Szenario {tag})" in movers.columns
    assert not {"Klasse A", "Klasse B", "Rang A", "Score A"} & set(movers.columns)
    config = json.loads(table.proto.columns)
    assert "„Risiko“" in config[compare_page.movers_columns()["class_a"]]["help"]
    assert "„Gewinn zuerst“" in config[compare_page.movers_columns()["score_b"]]["help"]
    assert table.proto.placeholder == "–"                 # a missing rank or score is a dash, not "None"
    reasons = dict(zip(expected.b.not_scorable["id"].astype(str), expected.b.not_scorable["reason"], strict=True))
    rows = movers.set_index("Kunden-Nr.")
    for i in ids[:3]:
        assert list(rows.loc[i, compare_page.movers_columns()["class_b"]]) == ["nicht bewertbar"]
        assert list(rows.loc[i, compare_page.movers_columns()["class_a"]]) in (["A"], ["B"], ["C"])
        assert rows.loc[i, compare_page.movers_columns()["why"]] == f"in B: {reasons[i]}"
        assert np.isnan(float(rows.loc[i, compare_page.movers_columns()["score_b"]]))
    # class changes first, then the three who lose their score, in the engine's order
    assert movers["Kunden-Nr."].tolist() == \
        expected.movers.loc[expected.movers["class_a"] != expected.movers["class_b"], "id"].astype(str).tolist()
    scored_both = [i for i in movers["Kunden-Nr."] if i not in ids]
    assert all(rows.loc[i, compare_page.movers_columns()["why"]] == "" for i in scored_both)


def test_movers_search_and_all_moves():
    at = opened(COMPARE)
    at.selectbox(key="kw_cmp_b").set_value("preset:risk").run()
    at.toggle(key="kw_cmp_changed").set_value(False).run()
    everyone = at.dataframe[0].value
    assert len(everyone) == compare_page.MOVERS_SHOWN
    assert "die Suche findet alle" in " ".join(c.value for c in at.caption)
    target = everyone.iloc[-1]
    at.text_input(key="kw_cmp_query").input(target["Kunde"]).run()
    found = at.dataframe[0].value
    assert target["Kunden-Nr."] in found["Kunden-Nr."].tolist() and len(found) < len(everyone)


def test_saved_scenario_against_current_and_swap(sample_list, session_only):
    ranking = opened(RANKING)
    ranking.slider(key="kw_w_complaint_rate").set_value(10.0).run()
    ranking.text_input(key="kw_scn_name").set_value("Beschwerden")
    ranking.button(key="kw_scn_save").click().run()
    ranking.pills(key="kw_preset").set_value("profit").run()
    at = AppTest.from_file(str(ROOT / COMPARE), default_timeout=60)
    carry(ranking, at)
    ok(at.run())
    # B defaults to the saved scenario, A is the current settings (now the profit preset)
    assert at.selectbox(key="kw_cmp_a").value == "current"
    assert at.selectbox(key="kw_cmp_b").value == "saved:Beschwerden"
    saved = saved_of(at)["Beschwerden"]
    expected = compare(sample_list, PRESETS["profit"], saved)
    assert metric(at, "Kunden mit anderer Klasse") == fmt_num(expected.changed_class, 0)
    at.button(key="kw_cmp_swap").click().run()
    assert at.selectbox(key="kw_cmp_a").value == "saved:Beschwerden"
    assert at.selectbox(key="kw_cmp_b").value == "current"
    # apply B (after swapping back) to the sidebar
    at.button(key="kw_cmp_swap").click().run()
    at.button(key="kw_cmp_apply_b").click().run()
    ok(at)
    assert view_of(at).weights["complaint_rate"] == 10.0
    assert any("Gleich eingestellt" in i.value or "gleich eingestellt" in i.value for i in at.info)


def test_deleted_scenario_falls_back_to_a_default_pick(session_only):
    at = opened(COMPARE)
    at.text_input(key="kw_scn_name").set_value("Kurz")
    at.button(key="kw_scn_save").click().run()
    # saved from the current settings: comparing it with them would show nothing, so B stays a preset
    assert at.selectbox(key="kw_cmp_b").value == "preset:profit"
    at.selectbox(key="kw_cmp_b").set_value("saved:Kurz").run()
    assert any("gleich eingestellt" in i.value for i in at.info)
    at.selectbox(key="kw_cmp_b").set_value("preset:risk").run()
    # once the sliders move away from it, the saved scenario comes in as B by itself (once)
    at.slider(key="kw_w_image").set_value(9.0).run()
    assert at.selectbox(key="kw_cmp_b").value == "saved:Kurz"
    at.selectbox(key="kw_cmp_b").set_value("saved:Kurz").run()
    at.button(key="kw_scn_delete").click().run()
    ok(at)
    assert at.selectbox(key="kw_cmp_b").value.startswith("preset:")


def test_spearman_reading_words():
    assert "fast dieselbe" in compare_page.spearman_reading(0.99)
    assert "weitgehend" in compare_page.spearman_reading(0.85)
    assert "gegeneinander" in compare_page.spearman_reading(-0.4)
    assert "nicht berechnen" in compare_page.spearman_reading(None)


# ------------------------------------------------------------------------------------ robustness

def test_robustness_runs_with_progress_and_shows_the_engines_fragile_customers(sample_list, monkeypatch):
    calls = {"runs": 0, "progress": []}
    real = robustness_page.robustness

    def spy(cl, scenario, draws, spread, progress=None, **kw):
        calls["runs"] += 1

        def record(share):
            calls["progress"].append(share)
            progress(share)

        return real(cl, scenario, draws=draws, spread=spread, progress=record, **kw)

    monkeypatch.setattr(robustness_page, "robustness", spy)
    at = opened(ROBUST)
    draws = at.number_input(key="kw_rob_draws")
    assert draws.value == 1000 and draws.min == 1000
    assert at.slider(key="kw_rob_spread").value == 20
    assert not at.dataframe and any("starten" in i.value for i in at.info)
    at.button(key="kw_rob_start").click().run()
    ok(at)
    assert calls["runs"] == 1 and calls["progress"][-1] == 1.0 and len(calls["progress"]) >= 10

    expected = robustness(sample_list, Scenario(), draws=1000, spread=0.2)
    fragile = at.dataframe[0].value
    assert fragile["Kunden-Nr."].tolist() == expected.fragile["id"].astype(str).tolist()
    assert np.allclose(fragile["Klasse gehalten"].to_numpy(), expected.fragile["kept"].to_numpy() * 100)
    assert (fragile["Klasse gehalten"] < 80).all() and len(fragile) > 0
    assert metric(at, "Klasse fragil (< 80 %)") == fmt_num(len(expected.fragile), 0)
    crit = at.dataframe[1].value
    assert crit[robustness_page.column("lost", "de")].astype(float).tolist() == \
        expected.criteria["a_lost_without"].astype(float).tolist()
    titles = [f["layout"]["meta"]["title"] for f in figures(at)]
    assert any("Wie sicher ist die Klasse" in t for t in titles) and any("Klasse A verlieren" in t for t in titles)

    # kept in the session: a rerun shows it without computing again; other settings ask for a new run
    at.run()
    assert calls["runs"] == 1 and at.dataframe[0].value.equals(fragile)
    at.slider(key="kw_w_image").set_value(9.0).run()
    assert calls["runs"] == 1 and not at.dataframe
    assert any("neu starten" in i.value for i in at.info)
    at.slider(key="kw_w_image").set_value(5.0).run()
    assert at.dataframe and calls["runs"] == 1


def test_robustness_spread_is_passed_on(sample_list):
    at = opened(ROBUST)
    at.slider(key="kw_rob_spread").set_value(50).run()
    at.button(key="kw_rob_start").click().run()
    ok(at)
    expected = robustness(sample_list, Scenario(), draws=1000, spread=0.5)
    assert at.dataframe[0].value["Kunden-Nr."].tolist()[:50] == expected.fragile["id"].astype(str).tolist()[:50]
    assert "± 50 %" in " ".join(c.value for c in at.caption)


# ---------------------------------------------------------------------------------------- exports

def test_exports_are_built_on_click_only(monkeypatch):
    from kundenwert import export

    built = []
    for name in ("xlsx_bytes", "csv_bytes", "html_report"):
        real = getattr(export, name)
        monkeypatch.setattr(export, name, lambda *a, _real=real, _name=name, **k: built.append(_name) or _real(*a, **k))
    files = capture(monkeypatch)
    at = opened(RANKING)
    at.slider(key="kw_w_image").set_value(8.0).run()
    assert built == []
    assert {"kundenwert_ranking.xlsx", "kundenwert_ranking.csv", "kundenwert_bericht.html"} <= set(files)
    assert all(callable(files[f]) for f in ("kundenwert_ranking.xlsx", "kundenwert_ranking.csv",
                                             "kundenwert_bericht.html"))


def test_exports_keep_a_formula_like_name_as_text(evil_list, monkeypatch):
    files = capture(monkeypatch)
    at = with_list(RANKING, evil_list)
    # Excel: the cell holds the name as a string, not a formula
    wb = openpyxl.load_workbook(io.BytesIO(files.data("kundenwert_ranking.xlsx")))
    ws = wb["Ergebnis"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == EVIL]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(isinstance(c.value, str) and c.data_type == "f" for row in ws.iter_rows() for c in row)
    # CSV, German style: BOM, semicolons, decimal comma, the name neutralised with a leading apostrophe
    raw = files.data("kundenwert_ranking.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    names = [r[2] for r in rows[1:]]
    assert "'" + EVIL in names and EVIL not in names
    assert "'+49-ID" in [r[1] for r in rows[1:]]
    assert any("," in r[3] for r in rows[1:] if r[3])
    # CSV, international style
    at.segmented_control(key="kw_csv_style").set_value("intl").run()
    ok(at)
    raw = files.data("kundenwert_ranking_intl.csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8")), delimiter=","))
    assert not raw.startswith(b"\xef\xbb\xbf") and "'" + EVIL in [r[2] for r in rows[1:]]
    assert any("." in r[3] for r in rows[1:] if r[3])
    # HTML report: escaped text, no link
    page = files.data("kundenwert_bericht.html").decode("utf-8")
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;klick&quot;)" in page
    assert '<a href="http://evil.example"' not in page
