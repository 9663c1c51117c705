"""The page menu: one table of pages with their title key and URL path per language.

Each page is registered with the path of the current language (shown in the menu) and, where the other
language's path differs, once more hidden under that path: a link written in either language opens
the same page in any language (old German links keep working). The visible page comes first, so a
link to a page file (``st.page_link("pages/…")``) resolves to the current language's path.

Streamlit sees the ``pages/`` folder and runs a page whose URL path matches its file name (the German
paths) directly, without ``app.py``; so nothing here may live in a module global set by ``app.py``: the
menu is looked up by the session's language on every run (``menu``, ``common.render_nav``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kundenwert.i18n import DEFAULT_LANG, LANGS, text


@dataclass(frozen=True)
class PageSpec:
    file: str                    # the page file in pages/
    key: str                     # the catalogue key of its title
    paths: dict[str, str]        # URL path per language

    def path(self, lang: str) -> str:
        """The URL path in ``lang``; a language without its own paths uses the German ones."""
        return self.paths.get(lang) or self.paths[DEFAULT_LANG]


PAGES = (
    PageSpec("pages/1_Gewichtung_und_Ranking.py", "page.ranking",
             {"de": "Gewichtung_und_Ranking", "en": "weighting-and-ranking"}),
    PageSpec("pages/2_ABC-Analyse.py", "page.abc", {"de": "ABC-Analyse", "en": "abc-analysis"}),
    PageSpec("pages/3_Kundenprofil.py", "page.profile", {"de": "Kundenprofil", "en": "customer-profile"}),
    PageSpec("pages/4_After-Sales-Matrix.py", "page.matrix",
             {"de": "After-Sales-Matrix", "en": "After-Sales-Matrix"}),
    PageSpec("pages/5_Kundenstimme_NPS.py", "page.nps", {"de": "Kundenstimme_NPS", "en": "customer-voice-nps"}),
    PageSpec("pages/6_Methode.py", "page.method", {"de": "Methode", "en": "method"}),
    PageSpec("pages/7_Szenarienvergleich.py", "page.compare",
             {"de": "Szenarienvergleich", "en": "scenario-comparison"}),
    PageSpec("pages/8_Robustheit.py", "page.robustness", {"de": "Robustheit", "en": "robustness"}),
    PageSpec("pages/9_Auftragsanalyse.py", "page.orders", {"de": "Auftragsanalyse", "en": "order-analysis"}),
)
START_KEY = "page.start"


def page_title(file: str, lang: str) -> str:
    """A page's title in a language (the start page: ``file`` = "")."""
    for spec in PAGES:
        if spec.file == file:
            return text(spec.key, lang)
    return text(START_KEY, lang)


def build(lang: str) -> tuple[object, list, list]:
    """(start page, visible pages in menu order, every page to register) for ``st.navigation``.

    Built afresh for every run and caller (st.Page objects are cheap; ``st.navigation`` marks the ones it
    runs, so they are never shared between sessions).
    """
    from kundenwert.ui import data_page

    start = st.Page(data_page.render, title=text(START_KEY, lang), icon=":material/upload_file:", default=True)
    visible = [start]
    hidden = []
    for spec in PAGES:
        title = text(spec.key, lang)
        visible.append(st.Page(spec.file, title=title, url_path=spec.path(lang)))
        for other in LANGS:
            path = spec.path(other)
            if path != spec.path(lang) and all(path != p.url_path for p in hidden):
                hidden.append(st.Page(spec.file, title=title, url_path=path, visibility="hidden"))
    return start, visible, visible + hidden


def menu(lang: str) -> list:
    """The visible pages in ``lang`` for links (``st.page_link`` only reads them): built once per language
    and app, not on every run – ``build`` stays per run for ``st.navigation``, which marks its pages."""
    ctx = get_script_run_ctx()
    return _menu(lang, ctx.main_script_path if ctx is not None else "")


@functools.lru_cache(maxsize=8)
def _menu(lang: str, main_script: str) -> list:
    return build(lang)[1]
