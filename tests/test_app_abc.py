"""ABC-Analyse (issue 12: a slider move < 300 ms at 10k customers). The four charts (class shares, Pareto curve,
score histogram, score × revenue) sit in tabs, and only the open tab's chart is built and drawn: plotly in the
browser was the page's cost on every move. The class lists and the key-figure table sit in expanders, closed at
first and built only when open. Every chart and list stays one click away, and the open tab or expander stays
open across slider moves, page switches and a language switch."""

from __future__ import annotations

import json

import pytest

from kundenwert.i18n import text
from kundenwert.ui import abc_page
from kundenwert.ui.session import key
from tests.session_kit import ok, opened
from tests.test_app_analysis import ABC

RANKING = "pages/1_Gewichtung_und_Ranking.py"
TITLES = {"shares": "chart.shares.title", "lorenz": "chart.lorenz.title", "hist": "chart.hist.title",
          "bubble": "chart.bubble.title"}


def figures(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.main.get("plotly_chart")]


def titles(at) -> list[str]:
    return [f["layout"]["meta"]["title"] for f in figures(at)]


def title_start(chart: str, lang: str = "de") -> str:
    """The fixed words a chart's title starts with (titles carry a basis or a count after them)."""
    return text(TITLES[chart], lang, basis="\x00", n=0).split("\x00")[0].split("(")[0].split(":")[0].strip()


def drawn(at, lang: str = "de") -> set[str]:
    """Which charts the page sends to the browser."""
    shown = titles(at)
    return {c for c in TITLES if any(s.startswith(title_start(c, lang)) for s in shown)}


def open_tab(at, chart: str, lang: str = "de"):
    """A click on the chart's tab (Streamlit keeps the open tab under the tabs' key, as its label)."""
    at.session_state[abc_page.K_CHART_TABS] = text(abc_page.CHART_TABS[chart], lang)
    return ok(at.run())


def open_lists(at):
    """A click on the expander of the class lists."""
    at.session_state[abc_page.K_LISTS] = True
    return ok(at.run())


def class_lists(at) -> list:
    """The class lists the page sends (their table has a "Rang" column)."""
    return [df for df in at.main.dataframe if "Rang" in df.value.columns]


def test_the_charts_are_tabs_and_only_the_open_one_is_drawn():
    at = opened(ABC)
    labels = [t.label for t in at.main.tabs]
    assert labels == ["Klassenanteile", "Pareto-Kurve", "Verteilung der Scores", "Score und Umsatz"]
    assert [s.value for s in at.main.subheader] == ["Diagramme"]
    assert drawn(at) == {"shares"} and len(figures(at)) == 1          # the class shares, first and open
    for chart in ("lorenz", "hist", "bubble", "shares"):              # every chart is one click away
        open_tab(at, chart)
        assert drawn(at) == {chart}, chart
        assert len(figures(at)) == 1


def test_a_slider_move_sends_the_key_figures_and_one_chart_but_no_list_or_table(monkeypatch):
    """What a move costs: the KPI cards and the open tab's chart. The class lists and the key-figure table wait
    closed in their expanders: not built on the server (no styled table) and not sent to the browser."""
    at = opened(ABC)
    built = []
    real = abc_page.customer_table
    monkeypatch.setattr(abc_page, "customer_table", lambda *a, **k: built.append("list") or real(*a, **k))
    real_table = abc_page._kpi_table
    monkeypatch.setattr(abc_page, "_kpi_table", lambda *a, **k: built.append("table") or real_table(*a, **k))
    counts = {c: m.value for c in "ABC" for m in at.main.metric if f"Klasse {c}]" in m.label}
    at.slider(key=key("w", "image")).set_value(9.0).run()
    ok(at)
    assert {c: m.value for c in "ABC" for m in at.main.metric if f"Klasse {c}]" in m.label} != counts
    assert len(figures(at)) == 1
    assert not at.main.dataframe and not at.main.table and built == []
    assert [e.label for e in at.main.expander] == ["Kennzahlen je Klasse als Tabelle", "Kunden je Klasse"]
    open_lists(at)
    at.session_state[abc_page.K_KPI_TABLE] = True
    ok(at.run())
    assert len(class_lists(at)) == 1 and len(at.main.table) == 1 and "list" in built and "table" in built


def test_the_class_lists_open_with_a_click_and_stay_open():
    """Open: the class tabs and the open class's list; it stays open across a slider move (the list redrawn for the
    new weights), a page switch and a language switch, and closes with a second click."""
    at = through_the_app()
    assert not class_lists(at)
    open_lists(at)
    assert [t.label for t in at.main.tabs][4:7] == ["Klasse A", "Klasse B", "Klasse C"]
    first = class_lists(at)[0].value
    at.slider(key=key("w", "image")).set_value(9.0).run()
    ok(at)
    assert not class_lists(at)[0].value.equals(first)
    at.switch_page(RANKING).run()
    at.switch_page(ABC).run()
    ok(at)
    assert len(class_lists(at)) == 1
    at.query_params["lang"] = "en"
    ok(at.run())
    assert [e.label for e in at.main.expander][-1] == "Customers per class"
    assert len([df for df in at.main.dataframe if "Rank" in df.value.columns]) == 1
    at.session_state[abc_page.K_LISTS] = False
    ok(at.run())
    assert not at.main.dataframe
    at.switch_page(RANKING).run()
    at.switch_page(ABC).run()
    assert not ok(at).main.dataframe                                 # closed stays closed


def test_the_key_figure_table_opens_with_a_click_and_stays_open_in_the_other_language():
    at = opened(ABC)
    assert not at.main.table
    at.session_state[abc_page.K_KPI_TABLE] = True
    ok(at.run())
    assert list(at.main.table[0].value.columns)[:2] == ["Klasse", "Kunden"]
    at.query_params["lang"] = "en"
    ok(at.run())
    assert list(at.main.table[0].value.columns)[:2] == ["Class", "Customers"]


def through_the_app():
    """The whole app (its navigation), the sample loaded on the start page, then the ABC page."""
    at = opened("app.py")
    at.switch_page(ABC).run()
    return ok(at)


def test_the_open_chart_tab_survives_a_slider_move_a_page_switch_and_a_language_switch():
    at = through_the_app()
    open_tab(at, "bubble")
    before = figures(at)[0]
    at.slider(key=key("w", "image")).set_value(9.0).run()
    ok(at)
    assert drawn(at) == {"bubble"}
    assert figures(at)[0]["data"] != before["data"]        # redrawn for the new weights, in the same tab
    at.switch_page(RANKING).run()
    ok(at)
    assert not at.main.get("plotly_chart")
    at.switch_page(ABC).run()
    ok(at)
    assert drawn(at) == {"bubble"}
    at.query_params["lang"] = "en"
    ok(at.run())
    assert at.session_state[abc_page.K_CHART_TABS] == "Score and revenue"
    assert drawn(at, "en") == {"bubble"}


def test_the_open_class_tab_survives_a_page_switch():
    at = open_lists(through_the_app())
    at.session_state[abc_page.K_TABS] = "Klasse C"
    ok(at.run())
    at.switch_page(RANKING).run()
    at.switch_page(ABC).run()
    ok(at)
    assert any("in Klasse C, nach Rang" in c.value for c in at.main.caption)


@pytest.mark.parametrize("chart", list(TITLES))
def test_presentation_mode_draws_each_tab_chart_big(chart):
    at = opened(ABC)
    at.toggle(key=key("present")).set_value(True).run()
    open_tab(at, chart)
    fig, = figures(at)
    assert fig["layout"]["font"]["size"] == 20 and fig["layout"]["height"] >= 620


@pytest.mark.parametrize(("module", "name"), [("charts", "score_histogram"), ("abc_page", "customer_table")])
def test_an_error_inside_the_tabs_is_the_friendly_message(monkeypatch, module, name):
    """The tabs are fragments: Streamlit would show its own English error box there, not the page's message."""
    from kundenwert import charts

    def broken(*args, **kwargs):
        raise ValueError("kaputt")

    at = opened(ABC)
    monkeypatch.setattr({"charts": charts, "abc_page": abc_page}[module], name, broken)
    open_lists(at)
    open_tab(at, "hist")
    assert not at.exception
    assert any("schiefgegangen" in e.value for e in at.error)
    assert len(at.main.metric) >= 3                                     # the rest of the page stays
    assert module == "abc_page" or drawn(at) == set()
    assert module == "charts" or drawn(at) == {"hist"}


def test_a_long_class_list_shows_its_first_rows_and_says_where_the_rest_is(monkeypatch):
    monkeypatch.setattr(abc_page, "LIST_LIMIT", 10)
    at = open_lists(opened(ABC))
    table = class_lists(at)[0].value
    assert list(table["Rang"]) == list(range(1, 11))
    assert any("Gezeigt werden die ersten 10" in c.value and "Gewichtung & Ranking" in c.value for c in at.main.caption)


def test_a_slider_move_builds_only_the_open_tabs_chart(monkeypatch):
    """The closed tabs cost nothing on the server either: their figures are not built."""
    from kundenwert import charts

    at = opened(ABC)
    built = []
    for name in ("class_shares_chart", "lorenz_curve", "score_histogram", "score_revenue_bubble"):
        real = getattr(charts, name)
        monkeypatch.setattr(charts, name, lambda *a, _real=real, _name=name, **k: built.append(_name) or _real(*a, **k))
    at.slider(key=key("w", "image")).set_value(8.0).run()
    assert built == ["class_shares_chart"]
    open_tab(at, "bubble")
    at.slider(key=key("w", "image")).set_value(8.5).run()
    assert built == ["class_shares_chart", "score_revenue_bubble", "score_revenue_bubble"]
