"""The UI language: ``current_lang()`` and the sidebar's language select.

Order: the page URL (``lang=en``, so a shared link opens in the sender's language) → the session
(the user's choice, kept while they move between pages) → the environment variable
``KUNDENWERT_LANG`` → German. The words are in :mod:`kundenwert.i18n`.

Pages write ``t("ui.<module>.<name>", **params)`` for their words and pass ``current_lang()`` to the
engine's ``lang`` parameters (formatting, charts, findings). ``urlstate`` keeps ``lang`` in every link
when it differs from the server's default, so a copied link opens in the sender's language.
"""

from __future__ import annotations

import os

import streamlit as st

from kundenwert import links
from kundenwert.i18n import LANGS, norm_lang, text
from kundenwert.ui.session import widget_key

K_LANG = widget_key("lang")              # the language of this session
K_SELECT = widget_key("lang_select")     # the widget's own key
URL_KEY = links.LANG_KEY
ENV = "KUNDENWERT_LANG"


def _name(lang: str) -> str:
    """A language in its own words ("Deutsch", "English")."""
    return text("language.name", lang)


def current_lang() -> str:
    """The language of this run: URL ``lang`` → session → ``KUNDENWERT_LANG`` → "de"."""
    url = st.query_params.get(URL_KEY)
    if url is not None and url.strip().lower() in LANGS:
        lang = url.strip().lower()
        if st.session_state.get(K_LANG) != lang:       # t() asks on every text: write only a change
            st.session_state[K_LANG] = lang
        return lang
    chosen = st.session_state.get(K_LANG)
    if chosen in LANGS:
        return chosen
    return default_lang()


def default_lang() -> str:
    """The server's language (``KUNDENWERT_LANG``, German when unset)."""
    return norm_lang(os.environ.get(ENV))


def t(key: str, /, **params) -> str:
    """The text of ``key`` in the language of this run, with its parameters filled in."""
    return text(key, current_lang(), **params)


def _changed() -> None:
    chosen = st.session_state.get(K_SELECT)
    if chosen not in LANGS:          # never None (required), but a click must never fall back to German
        return
    lang = norm_lang(chosen)
    st.session_state[K_LANG] = lang
    # the URL wins over the session: keep them the same (no parameter for the server's language)
    if lang == default_lang():
        st.query_params.pop(URL_KEY, None)
    else:
        st.query_params[URL_KEY] = lang


def render_language_select() -> str:
    """The language select for the sidebar; returns the language of this run."""
    lang = current_lang()
    st.session_state[K_SELECT] = lang
    st.sidebar.segmented_control(text("ui.language", lang), LANGS, key=K_SELECT, format_func=_name,
                                 on_change=_changed, selection_mode="single", required=True)
    return lang
