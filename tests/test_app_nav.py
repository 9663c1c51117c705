"""The page menu and links per language (kundenwert.ui.nav, urlstate): titles in the UI language, paths per
language with the other language's path still registered, and `lang` carried in links when it is not the
server's language."""

from __future__ import annotations

import pytest

from kundenwert.i18n import LANGS, text
from kundenwert.ui import nav
from tests.session_kit import opened


def _menu(at) -> list[tuple[str, str]]:
    """(label, target path) of the sidebar menu's page links."""
    return [(p.proto.label, p.proto.page) for p in at.sidebar.get("page_link")]


def test_every_page_has_a_title_and_a_path_in_every_language():
    for spec in nav.PAGES:
        for lang in LANGS:
            assert text(spec.key, lang) and spec.path(lang)
    paths = [spec.path(lang) for spec in nav.PAGES for lang in LANGS]
    owners = {}
    for spec in nav.PAGES:
        for lang in LANGS:
            owners.setdefault(spec.path(lang), spec.file)
            assert owners[spec.path(lang)] == spec.file, "one path, one page"
    # every page but the After-Sales-Matrix (the same words in both) has an English path of its own
    assert [s.file for s in nav.PAGES if s.path("en") == s.path("de")] == ["pages/4_After-Sales-Matrix.py"]
    assert len(set(paths)) == 2 * len(nav.PAGES) - 1


@pytest.mark.parametrize("lang", LANGS)
def test_menu_titles_and_paths_follow_the_language(monkeypatch, lang):
    monkeypatch.delenv("KUNDENWERT_LANG", raising=False)
    at = opened("app.py", lang)
    menu = _menu(at)
    expected = [(text(nav.START_KEY, lang), "")] + [(text(s.key, lang), s.path(lang)) for s in nav.PAGES]
    assert menu == expected


def test_switching_keeps_the_page_and_changes_the_menu(monkeypatch):
    monkeypatch.delenv("KUNDENWERT_LANG", raising=False)
    at = opened("app.py", None)
    at.switch_page("pages/2_ABC-Analyse.py").run()
    at.sidebar.button_group[0].set_value("en").run()
    assert not at.exception
    assert ("ABC analysis", "abc-analysis") in _menu(at)
    assert at.query_params["lang"] in ("en", ["en"])


@pytest.mark.parametrize(("server", "chosen", "carried"), [("de", "en", "en"), ("de", "de", None),
                                                           ("en", "de", "de"), ("en", "en", None)])
def test_links_carry_lang_only_when_it_is_not_the_servers(monkeypatch, server, chosen, carried):
    from kundenwert.ui.common import K_LINK_PARAMS

    monkeypatch.setenv("KUNDENWERT_LANG", server)
    at = opened("app.py", chosen)
    assert at.session_state[K_LINK_PARAMS].get("lang") == carried
    assert (at.query_params.get("lang") or [None])[0] == carried or at.query_params.get("lang") == carried


def test_a_language_without_its_own_paths_uses_the_german_ones():
    spec = nav.PAGES[1]
    assert spec.path("fr") == spec.paths["de"]
