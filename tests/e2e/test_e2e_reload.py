"""Browser journey (issue 11): own list uploaded on a `make run` server (sample auto-load on), F5 → the page
says the own list is gone, never the sample in its place; the weights of the view stay."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import browser_kit as kit
from tests.files import messy_xlsx

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_server():
    server = kit.start_server(log_path=kit.OUTPUT / "e2e-reload.log", env={"KUNDENWERT_SAMPLE": "1"})
    try:
        yield server
    finally:
        server.stop()


def test_reload_after_an_own_upload_never_shows_the_sample(browser, sample_server):
    ctx = kit.new_context(browser)
    try:
        page = ctx.new_page()
        page.set_default_timeout(kit.WAIT_MS)
        kit.open_app(page, sample_server.url)
        expect(page.get_by_text("Beispieldaten").first).to_be_visible()       # a new session: the sample
        kit.upload(page, "messy.xlsx", messy_xlsx())
        expect(page.get_by_test_id("stAlertContentSuccess").filter(has_text="messy.xlsx")).to_be_visible()
        kit.wait_idle(page)
        page.wait_for_function("() => new URLSearchParams(location.search).get('list') === 'own'")
        kit.nav(page, kit.RANKING)
        page.reload(wait_until="domcontentloaded")
        gone = page.get_by_test_id("stAlertContentWarning").filter(has_text="nicht mehr geladen")
        expect(gone).to_be_visible()
        kit.wait_idle(page)
        assert kit.ranking_table(page).count() == 0 and "Beispieldaten" not in gone.inner_text()
        assert "list=own" in page.url
    finally:
        ctx.close()
