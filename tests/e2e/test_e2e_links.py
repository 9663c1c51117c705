"""Links and browser history in a real Chromium (issue 11): a copied comparison link opens the same pair in a
fresh browser context; a page switch is one history entry; Back and Forward move between pages."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from kundenwert.compare import compare
from kundenwert.criteria import CRITERION_KEYS
from kundenwert.fmt import fmt_num
from kundenwert.scenario import PRESETS, Scenario
from tests.e2e import browser_kit as kit

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS
COMPARE = "Szenarienvergleich"


@pytest.fixture(scope="module")
def sample_cl():
    from kundenwert.dataset import load
    from kundenwert.ui.state import sample_bytes

    return load(sample_bytes(), "kundenliste_beispiel.xlsx")


def heading(page, title: str):
    return page.get_by_test_id("stHeading").filter(has_text=kit.PAGE_HEADINGS.get(title, title)).first


@contextlib.contextmanager
def colleague_opens(browser, url: str):
    """A colleague's browser (fresh context, same server, same library) opens a comparison link and loads
    the sample (the list is never in a link); yields the page. Afterwards: no error, no warning on it."""
    ctx = kit.new_context(browser)
    ctx.set_default_timeout(WAIT)
    try:
        other = ctx.new_page()
        other.goto(url, wait_until="domcontentloaded", timeout=WAIT)
        other.get_by_role("button", name="Beispieldaten laden").click()
        heading(other, COMPARE).wait_for(timeout=WAIT)
        kit.wait_idle(other)
        yield other
        assert kit.error_elements(other) == [] and other.get_by_test_id("stAlertContentWarning").count() == 0
    finally:
        ctx.close()


def history_length(page) -> int:
    return page.evaluate("() => window.history.length")


def pick(page, side: str, label: str) -> None:
    page.locator(f".st-key-kw_cmp_{side}").get_by_role("combobox").click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.locator(f".st-key-kw_cmp_{side}").get_by_role("combobox")).to_have_value(label, timeout=WAIT)
    kit.wait_idle(page)


def migration_cells(page) -> list[str]:
    table = page.get_by_test_id("stTable").filter(has_text="Summe")
    table.wait_for(timeout=WAIT)
    return [" ".join(t.split()) for t in table.locator("tbody td").all_inner_texts()]


def changed_count(page):
    """The comparison's "changed class" figure as shown now: while a run redraws the page, Streamlit can keep
    the last run's metric beside the new one (stale, greyed) until the run ends, and a strict locator sees two."""
    return page.locator('[data-testid=stElementContainer]:not([data-stale="true"])').get_by_test_id(
        "stMetric").filter(has_text="Kunden mit anderer Klasse").get_by_test_id("stMetricValue")


def test_comparison_link_opens_the_same_pair_in_a_fresh_context(page, browser, app_url, sample_cl):
    """(a) Save a scenario (to the team library), compare it with a preset, copy the URL; a fresh context
    shows the same A, B and migration counts (was: only the sidebar settings travelled, so another pair
    opened)."""
    kit.load_sample(page)
    kit.nav(page, kit.RANKING)
    kit.weight_slider(page, "payment_behaviour").focus()
    page.keyboard.press("End")
    expect(kit.slider_value(page, "kw_w_payment_behaviour")).to_have_text("10.0", timeout=WAIT)
    kit.wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_text("Eigene Szenarien", exact=True).click()
    for key, value in (("kw_scn_name", "Zahler zuerst"), ("kw_lib_author", "Anna")):
        field = page.locator(f".st-key-{key} input")
        field.fill(value)
        field.press("Enter")          # commit now: a commit on blur reruns while the save click lands (lost click)
        kit.wait_idle(page)
    page.locator(".st-key-kw_scn_save").get_by_role("button").click()
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="in der Bibliothek gespeichert").wait_for(timeout=WAIT)
    kit.wait_idle(page)
    saved = page.get_by_test_id("stAlertContentSuccess").filter(has_text="in der Bibliothek gespeichert").inner_text()
    version = re.search(r"als Version (\d+)", saved).group(1)      # the library is shared by the whole run
    kit.weight_slider(page, "payment_behaviour").focus()
    page.keyboard.press("Home")                       # the sidebar differs from the saved scenario again
    expect(kit.slider_value(page, "kw_w_payment_behaviour")).to_have_text("0.0", timeout=WAIT)
    kit.wait_idle(page)
    kit.nav(page, COMPARE)
    pick(page, "a", f"Zahler zuerst · Version {version} (Bibliothek)")
    pick(page, "b", "Risiko (Voreinstellung)")
    # the counts are the engine's: A = the saved weighting, B = Risiko on the same class settings
    saved_w = {**dict.fromkeys(CRITERION_KEYS, 5.0), "payment_behaviour": 10.0}
    changed = fmt_num(compare(sample_cl, Scenario(weights=saved_w), PRESETS["risk"]).changed_class, 0)
    expect(changed_count(page)).to_have_text(changed, timeout=WAIT)
    page.wait_for_url(re.compile(r"b=preset%3Arisk"), timeout=WAIT)
    cells = migration_cells(page)
    url = page.url
    query = parse_qs(urlparse(url).query)
    assert query["a"][0].startswith("lib:") and query["b"] == ["preset:risk"], query   # a library version

    with colleague_opens(browser, url) as other:
        expect(other.locator(".st-key-kw_cmp_a").get_by_role("combobox")).to_have_value(
            f"Zahler zuerst · Version {version} (Bibliothek)", timeout=WAIT)
        expect(other.locator(".st-key-kw_cmp_b").get_by_role("combobox")).to_have_value(
            "Risiko (Voreinstellung)", timeout=WAIT)
        expect(changed_count(other)).to_have_text(changed, timeout=WAIT)
        assert migration_cells(other) == cells


def test_back_and_forward_move_between_pages(page):
    """(b) Methode → Ranking → ABC, Back, Back, Forward: the right pages; each switch is one entry."""
    kit.load_sample(page)
    kit.nav(page, "Methode")
    before = history_length(page)
    kit.nav(page, kit.RANKING)
    kit.nav(page, "ABC-Analyse")
    assert history_length(page) == before + 2          # exactly one entry per page switch
    page.go_back()
    heading(page, kit.RANKING).wait_for(timeout=WAIT)
    kit.wait_idle(page)
    assert re.search(r"/Gewichtung_und_Ranking", page.url), page.url
    page.go_back()
    heading(page, "Methode").wait_for(timeout=WAIT)
    kit.wait_idle(page)
    assert re.search(r"/Methode", page.url), page.url
    page.go_forward()
    heading(page, kit.RANKING).wait_for(timeout=WAIT)
    kit.wait_idle(page)
    assert re.search(r"/Gewichtung_und_Ranking", page.url), page.url
    assert kit.error_elements(page) == []


PUSH_LOG_JS = """(() => { const push = history.pushState.bind(history); window.__kwPushes = [];
  history.pushState = (s, t, u) => { window.__kwPushes.push(String(u)); return push(s, t, u); }; })()"""


def test_a_page_switch_is_one_entry_with_the_view(page):
    """One entry per page switch, and it carries the view: the menu links keep the URL parameters (Streamlit's
    own menu cleared them, so the new page was pushed bare and the app's write was a second entry), and the
    pair, spread and draws are settled before the switch, so the app writes nothing when a page opens."""
    page.add_init_script(PUSH_LOG_JS)
    kit.open_app(page, page.url)
    kit.load_sample(page)
    kit.nav(page, kit.RANKING)
    for title, path in ((COMPARE, "/Szenarienvergleich"), ("Robustheit", "/Robustheit"), (kit.RANKING, None)):
        page.evaluate("() => window.__kwPushes.splice(0)")
        kit.nav(page, title)
        page.wait_for_timeout(500)
        pushes = [urlparse(u) for u in page.evaluate("() => window.__kwPushes.splice(0)")]
        assert len(pushes) == 1, pushes
        assert pushes[-1].query and (path is None or pushes[-1].path == path), pushes
    assert "a=current" in page.url and "b=preset" in page.url


def _ten_slider_moves(page) -> None:
    slider = kit.weight_slider(page, "image")
    for i in range(10):
        slider.focus()
        page.keyboard.press("ArrowLeft" if i % 2 else "ArrowRight")
        kit.wait_idle(page)
        page.wait_for_timeout(150)


def test_slider_moves_add_at_most_one_entry_each(page):
    """What the app controls: one URL write per settings change (was: one per changed parameter), none
    on a run that changes nothing."""
    kit.load_sample(page)
    kit.nav(page, kit.RANKING)
    start = history_length(page)
    _ten_slider_moves(page)
    assert history_length(page) - start <= 10


@pytest.mark.xfail(strict=True, reason="Streamlit 1.67 writes every st.query_params change with "
                   "history.pushState (streamlit/streamlit#16831 keeps push on purpose); its only replace mode, "
                   "bind='query-params', pushes once per bound widget on every programmatic change and re-adds "
                   "the bound parameters one push each on any st.query_params write (measured: a preset = 12 "
                   "entries) – kept out on purpose, see README 'Links and the browser history'")
def test_ten_slider_moves_then_one_back_is_the_previous_page(page):
    """(c) Ten slider moves, one Back -> the previous page. Not reachable through st.query_params."""
    kit.load_sample(page)
    kit.nav(page, "Methode")
    kit.nav(page, kit.RANKING)
    _ten_slider_moves(page)
    page.go_back()
    heading(page, "Methode").wait_for(timeout=10_000)
