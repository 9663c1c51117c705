"""Browser checks of issue 14's edges: old Excel formats chosen in the real uploader and absurd link
values get our German message, never Streamlit's English refusal or its error page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests import hostile_files
from tests.e2e import browser_kit as kit
from tests.test_app_data import _xlsb_bytes

WAIT = kit.WAIT_MS


def test_xls_and_xlsb_in_the_real_uploader_get_the_german_what_to_do(page):
    for name, data, mime in (("alt.xls", hostile_files.legacy_xls(), "application/vnd.ms-excel"),
                             ("binaer.xlsb", _xlsb_bytes(), "application/vnd.ms-excel.sheet.binary.macroEnabled.12")):
        kit.upload(page, name, data, mime=mime)
        alert = page.get_by_test_id("stAlertContentError").filter(has_text=name)
        expect(alert).to_contain_text("Bitte in Excel als .xlsx speichern", timeout=WAIT)
        body = page.inner_text("body")
        assert "not allowed" not in body and "Traceback" not in body
        expect(page.get_by_test_id("stException")).to_have_count(0)


def test_link_with_absurd_numbers_opens_with_a_notice(browser, app_url):
    context = kit.new_context(browser)
    try:
        pg = context.new_page()
        kit.open_app(pg, app_url + "/?t=1e308,4&c=Name:1e308&eur=inf")
        notice = pg.get_by_test_id("stAlertContentWarning").filter(has_text="Der Link enthielt")
        expect(notice).to_contain_text("t=1e308,4", timeout=WAIT)
        expect(notice).to_contain_text("eur=inf")
        expect(pg.get_by_test_id("stException")).to_have_count(0)
        assert "This app has encountered an error" not in pg.inner_text("body")
    finally:
        context.close()
