"""Browser checks of issue 12's upload edges: a text file named .xlsx is refused in the real uploader,
and the column mapping stays open while the user maps and applies it (a keyed expander and a form)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e import browser_kit as kit
from tests.test_app_data import _list_with_unrecognised_column

WAIT = kit.WAIT_MS


def test_text_named_xlsx_is_refused_in_the_real_uploader(page):
    kit.upload(page, "notiz.xlsx", b"Dies ist keine Excel-Datei, nur Text\n")
    alert = page.get_by_test_id("stAlertContentError").filter(has_text="notiz.xlsx")
    expect(alert).to_contain_text("ist keine Excel-Datei (.xlsx) – sie enthält Text", timeout=WAIT)
    kit.wait_idle(page)
    expect(page.get_by_role("heading", name="Spaltenzuordnung")).to_have_count(0)
    expect(page.get_by_role("heading", name="Datencheck")).to_have_count(0)


def test_mapping_stays_open_while_mapping_and_after_applying(page):
    kit.upload(page, "liste.xlsx", _list_with_unrecognised_column())
    page.get_by_role("heading", name="Datencheck").wait_for(timeout=WAIT)
    kit.wait_idle(page)
    section = page.locator(".st-key-kw_map_open")
    section.get_by_text("Jede Spalte und wofür sie verwendet wird").click()     # open it
    box = page.locator(".st-key-kw_map_5").get_by_role("combobox")
    box.wait_for(state="visible", timeout=WAIT)
    kit.wait_idle(page)
    box.click()                                                 # by keyboard: type, Enter, Tab on
    page.keyboard.type("Zukunftsp")
    page.get_by_role("option", name="Kriterium: Zukunftsperspektive", exact=True).wait_for(timeout=WAIT)
    expect(page.get_by_role("option")).to_have_count(1, timeout=WAIT)   # the filter has settled: Enter picks it
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")                                  # nothing applied yet
    expect(page.locator(".st-key-kw_w_future_prospects")).to_have_count(0)
    page.get_by_role("button", name="Zuordnung übernehmen").click()
    expect(page.locator(".st-key-kw_w_future_prospects")).to_have_count(1, timeout=WAIT)   # rebuilt and rescored
    kit.wait_idle(page)
    expect(box).to_be_visible()                                 # the section did not collapse
    expect(box).to_have_value("Kriterium: Zukunftsperspektive")


def test_data_check_tiles_are_not_clipped_on_a_projector(browser, app_url):
    """1280×720 at 100 % and at 125 % zoom (1024×576 CSS pixels): every data-check tile shows its whole
    label and number ("davon unvollständig" was cut off); the tiles wrap instead of shrinking."""
    for width, height in ((1280, 720), (1024, 576)):
        context = kit.new_context(browser, viewport={"width": width, "height": height})
        try:
            pg = context.new_page()
            pg.set_default_timeout(WAIT)
            kit.open_app(pg, app_url)
            kit.load_sample(pg)
            pg.get_by_test_id("stMain").get_by_test_id("stMetricValue").first.wait_for()
            kit.wait_idle(pg)
            tiles = pg.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stMetric]')]
                .map(m => [m.innerText.replace(/\\s+/g, ' ').trim(),
                           [m, ...m.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1).length])""")
            assert len(tiles) == 6 and any(t.startswith("unvollständig") for t, _ in tiles), tiles
            assert all(n == 0 for _, n in tiles), (width, tiles)
            kit.OUTPUT.mkdir(exist_ok=True)
            pg.get_by_test_id("stMain").get_by_test_id("stMetric").first.scroll_into_view_if_needed()
            pg.screenshot(path=str(kit.OUTPUT / f"datacheck_tiles_{width}.png"))
        finally:
            context.close()
