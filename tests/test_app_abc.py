"""ABC-Analyse: the three detail charts (Pareto curve, score histogram, score × revenue) sit in tabs, and only
the open tab's chart is built and drawn (issue 12: plotly in the browser was the page's cost on every slider
move). Every chart stays reachable, and the open tab stays open across slider moves, page switches and a
language switch."""

from __future__ import annotations

import json

import pytest

from kundenwert.i18n import text
from kundenwert.ui import abc_page
from kundenwert.ui.session import key
from tests.session_kit import ok, opened
from tests.test_app_analysis import ABC

RANKING = "pages/1_Gewichtung_und_Ranking.py"
TITLES = {"lorenz": "chart.lorenz.title", "hist": "chart.hist.title", "bubble": "chart.bubble.title"}


def figures(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.main.get("plotly_chart")]


def titles(at) -> list[str]:
    return [f["layout"]["meta"]["title"] for f in figures(at)]


def title_start(chart: str, lang: str = "de") -> str:
    """The fixed words a chart's title starts with (titles carry a basis or a count after them)."""
    return text(TITLES[chart], lang, basis="\x00", n=0).split("\x00")[0].split("(")[0].strip()


def drawn(at, lang: str = "de") -> set[str]:
    """Which detail charts the page sends to the browser."""
    shown = titles(at)
    return {c for c in TITLES if any(s.startswith(title_start(c, lang)) for s in shown)}


def open_tab(at, chart: str, lang: str = "de"):
    """A click on the chart's tab (Streamlit keeps the open tab under the tabs' key, as its label)."""
    at.session_state[abc_page.K_CHART_TABS] = text(abc_page.CHART_TABS[chart], lang)
    return ok(at.run())


def test_the_detail_charts_are_tabs_and_only_the_open_one_is_drawn():
    at = opened(ABC)
    labels = [t.label for t in at.main.tabs]
    assert labels[:3] == ["Pareto-Kurve", "Verteilung der Scores", "Score und Umsatz"]
    assert len(figures(at)) == 2                      # the class shares and the open tab's chart
    assert titles(at)[0].startswith("Klassen im Vergleich")
    assert drawn(at) == {"lorenz"}
    for chart in ("hist", "bubble", "lorenz"):       # every chart is one click away
        open_tab(at, chart)
        assert drawn(at) == {chart}, chart
        assert len(figures(at)) == 2


def through_the_app():
    """The whole app (its navigation), the sample loaded on the start page, then the ABC page."""
    at = opened("app.py")
    at.switch_page(ABC).run()
    return ok(at)


def test_the_open_chart_tab_survives_a_slider_move_a_page_switch_and_a_language_switch():
    at = through_the_app()
    open_tab(at, "bubble")
    before = figures(at)[1]
    at.slider(key=key("w", "image")).set_value(9.0).run()
    ok(at)
    assert drawn(at) == {"bubble"}
    assert figures(at)[1]["data"] != before["data"]        # redrawn for the new weights, in the same tab
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
    at = through_the_app()
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
    fig = figures(at)[1]
    assert fig["layout"]["font"]["size"] == 20 and fig["layout"]["height"] >= 620


@pytest.mark.parametrize(("module", "name"), [("charts", "score_histogram"), ("abc_page", "customer_table")])
def test_an_error_inside_the_tabs_is_the_friendly_message(monkeypatch, module, name):
    """The tabs are fragments: Streamlit would show its own English error box there, not the page's message."""
    from kundenwert import charts

    def broken(*args, **kwargs):
        raise ValueError("kaputt")

    at = opened(ABC)
    monkeypatch.setattr({"charts": charts, "abc_page": abc_page}[module], name, broken)
    open_tab(at, "hist")
    assert not at.exception
    assert any("schiefgegangen" in e.value for e in at.error)
    assert any(t.startswith("Klassen im Vergleich") for t in titles(at))     # the rest of the page stays


def test_a_long_class_list_shows_its_first_rows_and_says_where_the_rest_is(monkeypatch):
    monkeypatch.setattr(abc_page, "LIST_LIMIT", 10)
    at = opened(ABC)
    table = next(df.value for df in at.main.dataframe if "Rang" in df.value.columns)
    assert list(table["Rang"]) == list(range(1, 11))
    assert any("Gezeigt werden die ersten 10" in c.value and "Gewichtung & Ranking" in c.value for c in at.main.caption)


def test_a_slider_move_builds_only_the_open_tabs_chart(monkeypatch):
    """The closed tabs cost nothing on the server either: their figures are not built."""
    from kundenwert import charts

    at = opened(ABC)
    built = []
    for name in ("lorenz_curve", "score_histogram", "score_revenue_bubble"):
        real = getattr(charts, name)
        monkeypatch.setattr(charts, name, lambda *a, _real=real, _name=name, **k: built.append(_name) or _real(*a, **k))
    at.slider(key=key("w", "image")).set_value(8.0).run()
    assert built == ["lorenz_curve"]
    open_tab(at, "bubble")
    at.slider(key=key("w", "image")).set_value(8.5).run()
    assert built == ["lorenz_curve", "score_revenue_bubble", "score_revenue_bubble"]
