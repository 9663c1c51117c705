"""Issue 10 in a real Chromium: a German session switched to English in the sidebar – the URL says lang=en,
the menu and the page titles are English, a slider moved with the keyboard, the Excel report downloaded in
English (sheet names, headers, numbers as numbers); the copied URL opens in English in a colleague's fresh
browser; switching back to German restores the German menu and drops `lang` from the URL."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from playwright.sync_api import expect

from kundenwert.criteria import CRITERION_KEYS
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui import nav
from tests.e2e import browser_kit as kit

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS
MENU = {lang: [nav.page_title(spec.file, lang) for spec in nav.PAGES] for lang in ("de", "en")}
SHEETS = ["Result", "Weighting", "ABC overview", "After-sales matrix", "Data check"]
NUMERIC = ("Rank", "Score", "Customer value (€)", "Revenue (€)", "Contribution margin (€)")


@pytest.fixture(scope="module")
def sample_cl():
    from kundenwert.dataset import load
    from kundenwert.ui.state import sample_bytes

    return load(sample_bytes(), "kundenliste_beispiel.xlsx")


def menu(page):
    return page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")


def expect_menu(page, lang: str) -> None:
    """Every page of the menu in `lang`, none in the other language (titles that differ)."""
    other = "de" if lang == "en" else "en"
    for title in MENU[lang]:
        expect(menu(page).filter(has_text=re.compile(f"^{re.escape(title)}$"))).to_have_count(1, timeout=WAIT)
    for title in set(MENU[other]) - set(MENU[lang]):
        expect(menu(page).filter(has_text=re.compile(f"^{re.escape(title)}$"))).to_have_count(0, timeout=WAIT)


def choose_language(page, name: str) -> None:
    page.locator(".st-key-kw_lang_select").get_by_role("radio", name=name, exact=True).click()
    kit.wait_idle(page)


def go(page, title: str, path: str) -> None:
    """A page through the sidebar menu, by its title in the current language; waits for its URL path."""
    menu(page).filter(has_text=re.compile(f"^{re.escape(title)}$")).get_by_role("link").click()
    page.wait_for_url(re.compile(f"/{re.escape(path)}(\\?|$)"), timeout=WAIT)
    kit.wait_idle(page)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def download_excel(page) -> openpyxl.Workbook:
    button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=re.compile("Excel")).first
    kit.wait_idle(page)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    return openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)


def test_switch_to_english_export_share_and_back(page, browser, sample_cl):
    kit.load_sample(page)
    expect_menu(page, "de")
    assert "lang" not in query(page)

    choose_language(page, "English")
    page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"), timeout=WAIT)
    expect_menu(page, "en")

    go(page, "Weighting & ranking", "weighting-and-ranking")
    kit.weight_slider(page, "creditworthiness").focus()
    page.keyboard.press("End")
    expect(kit.slider_value(page, "kw_w_creditworthiness")).to_have_text("10.0", timeout=WAIT)
    kit.wait_idle(page)
    page.wait_for_url(re.compile(r"creditworthiness"), timeout=WAIT)
    assert query(page)["lang"] == ["en"]

    # the Excel report in English, with the ranking the engine computes for these weights
    result = score(sample_cl, Scenario(weights={**dict.fromkeys(CRITERION_KEYS, 5.0), "creditworthiness": 10.0}))
    top = result.ranking().iloc[0]
    wb = download_excel(page)
    assert wb.sheetnames == SHEETS
    rows = wb["Result"].iter_rows(values_only=True)
    header = list(next(rows))
    assert header[:6] == ["Rank", "Customer id", "Customer", "Score", "Customer value (€)", "Class"]
    body = [dict(zip(header, r, strict=False)) for r in rows]
    assert (body[0]["Rank"], body[0]["Customer id"]) == (1, str(top["id"]))
    assert body[0]["Score"] == pytest.approx(float(top["score"]))
    for column in NUMERIC:                   # numbers, never text such as "1.234,5" or "1,234.5"
        values = [r[column] for r in body if r[column] is not None]
        assert values and all(isinstance(v, int | float) for v in values), (column, values[:3])
    weighting = [r for r in wb["Weighting"].iter_rows(values_only=True) if r and r[0] == "Criterion"]
    assert weighting and list(weighting[0][:2]) == ["Criterion", "Weight"]
    wb.close()
    assert not kit.error_elements(page)

    # one of this helper's pages, English through and through
    go(page, "Robustness", "robustness")
    expect(page).to_have_title(re.compile(r"\bRobustness\b"), timeout=WAIT)
    expect(page.get_by_test_id("stHeading").filter(has_text="Robustness").first).to_be_visible()
    expect(page.get_by_role("button", name="Run analysis")).to_be_visible()
    url = page.url
    assert query(page)["lang"] == ["en"]

    # the copied URL in a colleague's fresh browser: English, the same weights
    ctx = kit.new_context(browser)            # its browser speaks German (de-DE): the link decides
    ctx.set_default_timeout(WAIT)
    try:
        other = ctx.new_page()
        other.goto(url, wait_until="domcontentloaded", timeout=WAIT)
        kit.wait_idle(other)
        expect_menu(other, "en")
        expect(other).to_have_title(re.compile(r"\bRobustness\b"), timeout=WAIT)
        kit.click_sample(other)
        expect(other.get_by_role("button", name="Run analysis")).to_be_visible(timeout=WAIT)
        kit.wait_idle(other)
        expect(kit.slider_value(other, "kw_w_creditworthiness")).to_have_text("10.0", timeout=WAIT)
        assert parse_qs(urlparse(other.url).query)["lang"] == ["en"]
        expect(other.get_by_test_id("stAlertContentWarning")).to_have_count(0)     # lang is no "unknown" parameter
        assert not kit.error_elements(other)
    finally:
        ctx.close()

    # back to German: German menu and page, no `lang` in the URL (German is the server's language)
    choose_language(page, "Deutsch")
    page.wait_for_url(lambda u: "lang=" not in u, timeout=WAIT)
    expect_menu(page, "de")
    expect(page.get_by_test_id("stHeading").filter(has_text="Robustheit").first).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("button", name="Analyse starten")).to_be_visible()
    assert "creditworthiness" in page.url                    # the view itself stays
    assert not kit.error_elements(page)
