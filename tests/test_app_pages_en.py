"""Gewichtung & Ranking, ABC-Analyse, Kundenprofil in English: the key figures, their words and their number
format (issue 10) – the figures are the engine's, only the words and separators change."""

from __future__ import annotations

import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from kundenwert import profile as prof
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui import abc_page
from tests.session_kit import ok, opened
from tests.test_app_languages import GERMAN

RANKING, ABC, PROFILE = "pages/1_Gewichtung_und_Ranking.py", "pages/2_ABC-Analyse.py", "pages/3_Kundenprofil.py"


def metrics(at: AppTest) -> dict[str, object]:
    return {m.label: m for m in at.main.metric}


@pytest.fixture
def result(sample_list):
    return score(sample_list, Scenario())


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("KUNDENWERT_LANG", "en")


# ------------------------------------------------------------------------------------- ranking

def test_ranking_in_english_shows_the_engines_figures_the_english_way(result):
    at = opened(RANKING, "en")
    shown = metrics(at)
    scored = result.scored
    assert shown["Customers scored"].value == fmt_num(len(scored), 0, "en")
    assert shown["Customers scored"].help == f"{len(result.not_scorable)} not scorable"
    assert shown["Avg. score"].value == fmt_num(scored["score"].mean(), 1, "en")
    total = scored["value_eur"].sum()
    assert shown["Total customer value"].value == f"€{fmt_num(total / 1e6, 2, 'en')}m" and "." in \
        shown["Total customer value"].value
    assert shown["Total customer value"].help.startswith(fmt_eur(total, 0, "en") + " = sum of score × €")
    counts = result.class_counts()
    for cls in "ABC":
        m = next(m for label, m in shown.items() if f"[Class {cls}]" in label)
        assert m.value == str(counts[cls])
        assert m.proto.delta == f"{fmt_pct(counts[cls] / len(scored), 0, 'en')} of customers"
    header = re.sub(r"\\(.)", r"\1", at.main.markdown[0].value)      # Markdown escapes undone
    assert header.startswith("Weighting **Balanced** · Classes: **Score thresholds (7.0 / 4.0)** · €")
    assert header.endswith(f"{fmt_eur(result.euro_per_point, 2, 'en')} per score point")
    table = at.dataframe[0].value
    assert list(table.columns[:7]) == ["Rank", "Class", "Customer id", "Customer", "Score", "Bar",
                                       "Customer value (€)"]
    assert {"Revenue (€)", "Contribution margin (€)", "Complete", "Excel row"} <= set(table.columns)
    assert table["Customer id"].tolist() == result.ranking()["id"].tolist()
    incomplete = table.loc[table["Complete"] != "✓", "Complete"]
    assert len(incomplete) and all(v.endswith(" missing") and v.startswith("⚠ ") for v in incomplete)
    assert f"{len(scored)} of {len(scored)} scored customers" in [c.value for c in at.main.caption]
    assert at.selectbox(key="kw_rank_sort").options == ["Rank", "Customer value (€)", "Revenue (€)",
                                                        "Contribution margin (€)", "Name (A–Z)", "Customer id"]


def test_ranking_table_cells_read_the_english_way(english, result):
    from kundenwert.ui import common, ranking_page

    table = ranking_page.display_table(result.ranking().head(3))
    html = common.styled_customers(table).to_html()
    first = result.ranking().iloc[0]
    assert fmt_eur(first["value_eur"], 0, "en") in html and fmt_num(first["score"], 1, "en") in html
    assert "," in fmt_eur(first["value_eur"], 0, "en")       # a thousands comma, as the English read it


def test_not_scorable_customers_in_english_with_their_reason(result):
    at = opened(RANKING, "en")
    reasons = at.dataframe[1].value
    assert list(reasons.columns) == ["Customer id", "Customer", "Excel row", "Reason"]
    assert len(reasons) == len(result.not_scorable)
    assert all(r.startswith("Ratings present for only ") for r in reasons["Reason"])
    assert any(e.label.startswith(f"Not scorable ({len(result.not_scorable)})") for e in at.main.expander)


def test_ranking_in_german_keeps_its_words(result):
    at = opened(RANKING, "de")
    shown = metrics(at)
    assert shown["Kunden bewertet"].value == fmt_num(len(result.scored), 0)
    assert shown["Kundenwert gesamt"].value.endswith(" Mio. €")
    table = at.dataframe[0].value
    assert list(table.columns[:7]) == ["Rang", "Klasse", "Kunden-Nr.", "Kunde", "Score", "Balken", "Kundenwert (€)"]
    assert "Vollständig" in table.columns and "Excel-Zeile" in table.columns
    assert at.main.markdown[0].value.startswith("Gewichtung **Ausgewogen** · Klassen: **Score\\-Schwellen")


# ----------------------------------------------------------------------------------------- ABC

def test_abc_in_english_shows_class_figures_the_english_way(result):
    from kundenwert import report

    at = opened(ABC, "en")
    kpis = report.class_summary(result)
    shown = metrics(at)
    for row in kpis.to_dict("records"):
        m = next(m for label, m in shown.items() if f"[Class {row['class']}]" in label)
        assert m.label.endswith(" · customers") and m.value == fmt_num(row["customers"], 0, "en")
    text = " ".join(str(e.value) for e in at.main.markdown)
    a = kpis.iloc[0]
    assert f"**{fmt_pct(a['share_value'], 0, 'en')}** of customer value ({fmt_eur(a['value'], 0, 'en')})" in text
    assert f"Avg. score {fmt_num(a['avg_score'], 1, 'en')}" in text
    assert at.main.info[0].value.startswith("Active method: **Score thresholds**. Class A from score 7.0")
    assert [s.value for s in at.main.subheader] == ["Charts"]
    assert [t.label for t in at.main.tabs][:4] == ["Class shares", "Pareto curve", "Distribution of scores",
                                                   "Score and revenue"]
    assert [e.label for e in at.main.expander] == ["Key figures per class as a table", "Customers per class"]
    at.session_state[abc_page.K_KPI_TABLE] = at.session_state[abc_page.K_LISTS] = True     # opened
    ok(at.run())
    kpi_table = at.main.table[0].value
    assert list(kpi_table.columns)[:5] == ["Class", "Customers", "Share of customers", "Customer value",
                                           "Share of value"]
    assert kpi_table.iloc[0, 0] == "Class A"
    listed = at.dataframe[0].value
    assert list(listed.columns[:5]) == ["Rank", "Customer id", "Customer", "Score", "Customer value (€)"]
    assert set(listed["Status"]) <= {"New customer", "Existing customer", ""}
    assert any(c.value == f"{result.class_counts()['A']} customers in class A, by rank." for c in at.main.caption)
    charts = [c.proto.spec for c in at.main.get("plotly_chart")]
    for tab in ("Pareto curve", "Distribution of scores", "Score and revenue"):     # the other chart tabs
        at.session_state[abc_page.K_CHART_TABS] = tab
        charts.append(ok(at.run()).main.get("plotly_chart")[-1].proto.spec)
    assert len(charts) == 4 and not [s for s in charts if GERMAN.search(s.replace("&amp;", "&"))
                                     and "Kunden" in s]


def test_abc_not_scorable_list_in_english(english, result):
    from kundenwert.ui import abc_page

    table = abc_page.not_scorable_table(result)
    assert list(table.columns) == ["Excel row", "Customer id", "Customer", "Reason"]
    assert table["Customer id"].tolist() == result.not_scorable["id"].tolist()
    assert all(r.startswith("Ratings present for only ") for r in table["Reason"])


# ------------------------------------------------------------------------------------- profile

def _profile_of(customer_id: str) -> AppTest:
    at = opened(PROFILE, "en")
    at.session_state["kw_profile_id"] = customer_id
    return ok(at.run())


def test_profile_in_english_for_a_class_b_customer(sample_list, result):
    f = result.frame
    b = f[f["class"] == "B"].sort_values("rank").iloc[0]
    position = int(np.flatnonzero(f["id"].to_numpy() == b["id"])[0])
    p = prof.customer_profile(sample_list, result, position, lang="en")
    at = _profile_of(b["id"])
    shown = metrics(at)
    assert shown["Rank"].value == f"{int(b['rank'])} of {len(result.scored)}"
    assert shown["Score"].value == fmt_num(b["score"], 1, "en")
    assert shown["Customer value"].value == fmt_eur(b["value_eur"], 0, "en")
    assert at.selectbox(key="kw_profile_pick").label == "Customer"
    assert f"#{int(b['rank'])} · {b['name']} (ID {b['id']})" in at.selectbox(key="kw_profile_pick").options
    subheads = [s.value for s in at.main.subheader]
    assert f"What would lift this customer into class {p.lift.target}?" in subheads
    plan = at.main.info[-1].value
    step = p.lift.plan[0]
    assert plan.startswith("Shortest path (most heavily weighted criteria first): "
                           f"{step.label} {fmt_num(step.rating_from, 1, 'en')} → ")
    assert step.label == "Bargain hunting" or not GERMAN.search(step.label)
    detail, gains = (t.value for t in at.main.table)
    assert list(detail.columns) == ["Criterion", "Rating", "Direction", "counts as r'", "Weight w", "Contribution",
                                    "Avg. class B", "Avg. list"]
    assert list(gains.columns) == ["Criterion", "Rating now", "one point better", "Score gain"]
    assert set(detail["Direction"]) == {"high = good", "high = bad (10 − x)"}
    assert at.main.markdown[-1].value.startswith("The score is **") or any(
        m.value.startswith("Sum of contributions: **") for m in at.main.markdown)


def test_profile_of_a_not_scorable_customer_in_english(result):
    ns = result.not_scorable.iloc[0]
    at = _profile_of(ns["id"])
    assert metrics(at)["Class"].value == "–" and metrics(at)["Class"].help == "not scorable – no class"
    errors = [e.value for e in at.main.error]
    assert any(e.startswith("No score: Ratings present for only ") for e in errors), errors
    assert any(e.startswith("**Not scorable** – Ratings present for only ") for e in errors), errors
    assert not [e for e in errors if GERMAN.search(e)]


def test_lift_plan_names_the_criteria_in_the_language(sample_list, result):
    f = result.frame
    b = f[f["class"] == "B"].sort_values("rank").iloc[0]
    position = int(np.flatnonzero(f["id"].to_numpy() == b["id"])[0])
    de = prof.customer_profile(sample_list, result, position)
    en = prof.customer_profile(sample_list, result, position, lang="en")
    assert de.lift.plan and [s.key for s in de.lift.plan] == [s.key for s in en.lift.plan]
    from kundenwert.criteria import label

    assert [s.label for s in en.lift.plan] == [label(s.key, "en") for s in en.lift.plan]
    assert [s.label for s in de.lift.plan] == [label(s.key, "de") for s in de.lift.plan]
    assert [s.label for s in en.lift.plan] != [s.label for s in de.lift.plan]


def test_a_language_switch_keeps_the_rankings_sort_and_words_it_anew(result):
    """The sort select's words are bound to the language of the run that drew it (Streamlit formats a
    selectbox value outside the run too): it said "Kundenwert (€)" to an English select and failed."""
    at = opened(RANKING, "en")
    ok(at.selectbox(key="kw_rank_sort").select("value").run())
    by_value = result.ranking().sort_values("value_eur", ascending=False, kind="stable")["id"].tolist()  # ties: rank
    assert at.dataframe[0].value["Customer id"].tolist() == by_value
    at.query_params["lang"] = "de"
    ok(at.run())
    sort = at.selectbox(key="kw_rank_sort")
    assert sort.label == "Sortieren nach" and sort.value == "value" and "Kundenwert (€)" in sort.options
    assert at.dataframe[0].value["Kunden-Nr."].tolist() == by_value


def test_abc_basis_choice_survives_a_language_switch():
    at = opened(ABC, "en")
    at.session_state[abc_page.K_CHART_TABS] = "Pareto curve"
    ok(at.run())
    basis = at.main.get("button_group")[0]
    assert basis.options == ["Customer value", "Revenue", "Contribution margin"]
    ok(basis.set_value("revenue").run())
    at.query_params["lang"] = "de"
    ok(at.run())
    basis = at.main.get("button_group")[0]
    assert basis.options == ["Kundenwert", "Umsatz", "Deckungsbeitrag"] and basis.value == "revenue"


def test_abc_open_class_tab_survives_a_language_switch():
    """Streamlit keeps the open tab by its label; after a switch the same class stays open, in its new words."""
    at = opened(ABC, "en")
    at.session_state[abc_page.K_LISTS] = True                       # the class lists: behind a click
    at.session_state["abc_tabs"] = "Class B"
    ok(at.run())
    at.query_params["lang"] = "de"
    ok(at.run())
    assert at.session_state["abc_tabs"] == "Klasse B"
    assert any("Klasse B" in m.value for m in [*at.main.markdown, *at.main.caption])
