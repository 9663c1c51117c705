"""The team library in a real Chromium (issue 11): two weightings saved with an author, the comparison link
opened in a fresh browser context against the same server (same A, B, migration counts), an older version
restored, a scenario archived and brought back."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from kundenwert.compare import compare
from kundenwert.criteria import CRITERION_KEYS
from kundenwert.fmt import fmt_num
from kundenwert.scenario import Scenario
from tests.e2e import browser_kit as kit
from tests.e2e.test_e2e_links import COMPARE, changed_count, colleague_opens, migration_cells, pick

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS


@pytest.fixture(scope="module")
def sample_cl():
    from kundenwert.dataset import load
    from kundenwert.ui.state import sample_bytes

    return load(sample_bytes(), "kundenliste_beispiel.xlsx")


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def open_manager(page) -> None:
    name = page.locator(".st-key-kw_scn_name input")
    if not name.is_visible():
        sidebar(page).get_by_text("Eigene Szenarien", exact=True).click()
    name.wait_for(timeout=WAIT)


def set_weight(page, criterion: str, key: str, shown: str) -> None:
    """Move a weight slider to its end ("End": 10, "Home": 0) and wait for the run."""
    kit.weight_slider(page, criterion).focus()
    page.keyboard.press(key)
    expect(kit.slider_value(page, f"kw_w_{criterion}")).to_have_text(shown, timeout=WAIT)
    kit.wait_idle(page)


def success(page, text: str):
    return sidebar(page).get_by_test_id("stAlertContentSuccess").filter(has_text=text)


def save(page, name: str, author: str | None = None) -> int:
    """Save the current settings under `name` through the manager; the new version number."""
    open_manager(page)
    fields = [("kw_scn_name", name)] + ([("kw_lib_author", author)] if author is not None else [])
    for key, value in fields:
        field = page.locator(f".st-key-{key} input")
        field.fill(value)
        field.press("Enter")          # commit now: a commit on blur reruns while the save click lands (lost click)
        kit.wait_idle(page)
    page.locator(".st-key-kw_scn_save").get_by_role("button").click()
    done = success(page, f"„{name}“ als Version")
    done.wait_for(timeout=WAIT)
    kit.wait_idle(page)
    return int(re.search(r"als Version (\d+)", done.inner_text()).group(1))


def _open(page, key: str) -> None:
    """Open a select box's list (near the sidebar's lower edge the first click may only scroll it into view)."""
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.scroll_into_view_if_needed()
    for _ in range(3):
        box.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=3000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the list of {key} does not open")


def choose(page, key: str, option) -> None:
    _open(page, key)
    page.get_by_role("option", name=option).first.click()
    kit.wait_idle(page)


def options_of(page, key: str) -> list[str]:
    _open(page, key)
    found = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [" ".join(t.split()) for t in found]


def test_library_journey_link_restore_archive(page, browser, sample_cl):
    tag = uuid.uuid4().hex[:6]                  # the library is shared by the whole run
    name_a, name_b = f"Zahler {tag}", f"Risiko {tag}"
    kit.load_sample(page)
    kit.nav(page, kit.RANKING)
    # A: payment behaviour 10; B: payment behaviour 0 – saved by Anna
    set_weight(page, "payment_behaviour", "End", "10.0")
    version_a = save(page, name_a, author="Anna")
    set_weight(page, "payment_behaviour", "Home", "0.0")
    version_b = save(page, name_b)                              # the author is typed once per session
    assert (version_a, version_b) == (1, 1)

    kit.nav(page, COMPARE)
    label_a, label_b = f"{name_a} · Version 1 (Bibliothek)", f"{name_b} · Version 1 (Bibliothek)"
    pick(page, "a", label_a)
    pick(page, "b", label_b)
    weights = dict.fromkeys(CRITERION_KEYS, 5.0)
    expected = compare(sample_cl, Scenario(weights={**weights, "payment_behaviour": 10.0}),
                       Scenario(weights={**weights, "payment_behaviour": 0.0}))
    changed = fmt_num(expected.changed_class, 0)
    expect(changed_count(page)).to_have_text(changed, timeout=WAIT)
    page.wait_for_url(re.compile(r"b=lib%3A"), timeout=WAIT)
    cells = migration_cells(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["a"][0].startswith("lib:") and query["b"][0].startswith("lib:"), query
    url = page.url

    with colleague_opens(browser, url) as other:
        expect(other.locator(".st-key-kw_cmp_a").get_by_role("combobox")).to_have_value(label_a, timeout=WAIT)
        expect(other.locator(".st-key-kw_cmp_b").get_by_role("combobox")).to_have_value(label_b, timeout=WAIT)
        expect(changed_count(other)).to_have_text(changed, timeout=WAIT)
        assert migration_cells(other) == cells

    # a second version of A, then restore version 1 as version 3 (nothing overwritten)
    kit.nav(page, kit.RANKING)
    set_weight(page, "image", "End", "10.0")
    assert save(page, name_a) == 2
    choose(page, "kw_lib_version", re.compile(r"^Version 1: Anna"))
    page.locator(".st-key-kw_lib_restore_version").get_by_role("button").click()
    success(page, f"Version 1 von „{name_a}“ als Version 3 gespeichert.").wait_for(timeout=WAIT)
    kit.wait_idle(page)
    expect(page.locator(".st-key-kw_lib_version").get_by_role("combobox")).to_have_value(
        re.compile(r"^Version 3: Anna"), timeout=WAIT)
    page.locator(".st-key-kw_scn_apply").get_by_role("button").click()
    expect(kit.slider_value(page, "kw_w_image")).to_have_text("5.0", timeout=WAIT)     # version 3 = version 1
    expect(kit.slider_value(page, "kw_w_payment_behaviour")).to_have_text("10.0", timeout=WAIT)

    # archive A: gone from the list, in the archive, and back
    page.locator(".st-key-kw_lib_archive").get_by_role("button").click()
    sidebar(page).get_by_test_id("stAlertContentInfo").filter(has_text="archiviert").wait_for(timeout=WAIT)
    kit.wait_idle(page)
    assert not [o for o in options_of(page, "kw_scn_pick") if o.startswith(name_a)]
    sidebar(page).locator(".st-key-kw_lib_show_archived").get_by_text("Archiv zeigen").click()
    kit.wait_idle(page)
    choose(page, "kw_scn_pick", name_a)
    page.locator(".st-key-kw_lib_unarchive").get_by_role("button").click()
    sidebar(page).get_by_test_id("stAlertContentInfo").filter(has_text="wieder in der Bibliothek").wait_for(
        timeout=WAIT)
    kit.wait_idle(page)
    sidebar(page).locator(".st-key-kw_lib_show_archived").get_by_text("Archiv zeigen").click()
    kit.wait_idle(page)
    assert name_a in options_of(page, "kw_scn_pick")
    assert kit.error_elements(page) == []
