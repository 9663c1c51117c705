"""Page paths per language (issue 10): the English path and the old German path open the same page, in the
language of the link, with the menu in that language."""

from __future__ import annotations

import pytest

from kundenwert.i18n import text
from kundenwert.ui import nav
from tests.e2e import browser_kit as kit


def _menu(page) -> list[str]:
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")
    links.first.wait_for(timeout=kit.WAIT_MS)
    return [t.strip().split("\n")[-1] for t in links.all_inner_texts()]   # the icon name, then the title


def _open(browser, url: str):
    context = kit.new_context(browser)
    context.set_default_timeout(kit.WAIT_MS)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=kit.WAIT_MS)
    page.get_by_test_id("stSidebar").wait_for(timeout=kit.WAIT_MS)
    kit.wait_idle(page)
    return context, page


@pytest.mark.parametrize(("path", "lang"), [("abc-analysis?lang=en", "en"), ("ABC-Analyse", "de"),
                                            ("ABC-Analyse?lang=en", "en"), ("abc-analysis", "de")])
def test_both_paths_open_the_page_in_the_links_language(browser, app_url, path, lang):
    spec = next(s for s in nav.PAGES if s.key == "page.abc")
    context, page = _open(browser, f"{app_url}/{path}")
    try:
        menu = _menu(page)
        assert menu == [text(nav.START_KEY, lang)] + [text(s.key, lang) for s in nav.PAGES]
        # the ABC page itself ran (its own heading, in the link's language), not a fallback to the start page
        page.get_by_test_id("stMain").get_by_test_id("stHeading").filter(
            has_text=text(spec.key, lang)).first.wait_for(timeout=kit.WAIT_MS)
        assert page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(
            has_text=text(spec.key, lang)).count() == 1
    finally:
        context.close()
