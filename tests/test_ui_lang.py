"""The UI language: URL lang=en → session → KUNDENWERT_LANG → de; the sidebar select switches it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from kundenwert.ui.lang import current_lang, render_language_select

    lang = render_language_select()
    st.write(f"lang={lang} current={current_lang()}")


def _shown(at: AppTest) -> str:
    return at.markdown[0].value


def test_default_is_german(monkeypatch):
    monkeypatch.delenv("KUNDENWERT_LANG", raising=False)
    at = AppTest.from_function(_app).run()
    assert _shown(at) == "lang=de current=de"
    assert at.sidebar.button_group[0].label == "Sprache"


def test_environment_sets_the_default(monkeypatch):
    monkeypatch.setenv("KUNDENWERT_LANG", "en")
    at = AppTest.from_function(_app).run()
    assert _shown(at) == "lang=en current=en"
    assert at.sidebar.button_group[0].label == "Language"


def test_url_wins_and_stays_for_the_session(monkeypatch):
    monkeypatch.setenv("KUNDENWERT_LANG", "de")
    at = AppTest.from_function(_app)
    at.query_params["lang"] = "en"
    at.run()
    assert _shown(at) == "lang=en current=en"
    del at.query_params["lang"]
    at.run()
    assert _shown(at) == "lang=en current=en"   # the session remembers the link's language


def test_select_switches_and_writes_the_url(monkeypatch):
    monkeypatch.delenv("KUNDENWERT_LANG", raising=False)
    at = AppTest.from_function(_app).run()
    at.sidebar.button_group[0].set_value("en").run()
    assert _shown(at) == "lang=en current=en"
    assert at.query_params["lang"] in ("en", ["en"])
    at.sidebar.button_group[0].set_value("de").run()
    assert _shown(at) == "lang=de current=de"


def test_clicking_the_chosen_language_again_keeps_it(monkeypatch):
    """The select is required: a click on the language already chosen must not fall back to German."""
    monkeypatch.delenv("KUNDENWERT_LANG", raising=False)
    at = AppTest.from_function(_app).run()
    at.sidebar.button_group[0].set_value("en").run()
    at.sidebar.button_group[0].set_value(None).run()
    assert _shown(at) == "lang=en current=en"
