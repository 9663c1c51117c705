"""Plotly's own toolbar speaks the UI language (issue 10, leftovers): the config handed to st.plotly_chart
carries `locale` and its dictionary, and Streamlit passes it on to plotly.js – read in Chromium from the
toolbar buttons' `data-title` (what the tooltip shows on hover)."""

from __future__ import annotations

import pytest

from kundenwert.i18n import text
from tests.e2e import browser_kit as kit

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS


def _camera(page):
    """The toolbar's "download as PNG" button of the first chart (plotly's `data-attr`-less toImage button)."""
    page.locator(".js-plotly-plot .modebar").first.wait_for(state="attached", timeout=WAIT)
    return page.locator(".js-plotly-plot .modebar-btn").first


def _titles(page) -> set[str]:
    return set(page.locator(".js-plotly-plot .modebar-btn").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('data-title'))"))


def test_a_german_charts_toolbar_reads_german(page):
    kit.load_sample(page)
    kit.nav(page, text("page.abc", "de"))
    camera = _camera(page)
    assert camera.get_attribute("data-title") == text("plotly.download_png", "de") == "Diagramm als PNG herunterladen"
    camera.hover()
    titles = _titles(page)
    assert {text("plotly.zoom", "de"), text("plotly.pan", "de"), text("plotly.reset_axes", "de")} <= titles, titles
    assert not {"Download plot as a PNG", "Zoom in", "Pan", "Autoscale", "Reset axes"} & titles
    # what stays English is the button Streamlit adds to plotly's toolbar itself (no setting, see the README)
    assert titles - {text(f"plotly.{k}", "de") for k in ("download_png", "zoom", "pan", "zoom_in", "zoom_out",
                                                          "autoscale", "reset_axes", "reset_view", "reset_views",
                                                          "spikelines", "hover_closest", "hover_compare",
                                                          "hover_toggle")} <= {"Fullscreen"}


def test_an_english_charts_toolbar_reads_english(browser, app_url):
    context = kit.new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded", timeout=WAIT)
        kit.load_sample(page, "en")
        page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=text("page.abc", "en")).first \
            .get_by_role("link").click()                 # the menu (the page's own heading is H4's to translate)
        assert _camera(page).get_attribute("data-title") == "Download plot as a PNG"
        assert {"Zoom", "Pan", "Reset axes"} <= _titles(page)
    finally:
        context.close()
