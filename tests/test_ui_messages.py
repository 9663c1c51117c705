"""One home for wording a kept message (kundenwert.ui.messages.shown): the session keeps what was said – an
engine error, a Phrase, a plain name – and every panel words it in the language of the run that shows it."""

from __future__ import annotations

import pytest

from kundenwert import links
from kundenwert.errors import ScenarioError
from kundenwert.i18n import Phrase, text
from kundenwert.ui.messages import load_message, said, shown
from tests.files import simple_rows, xlsx_bytes
from tests.session_kit import list_state_of


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_engine_error_is_worded_when_shown(lang):
    kept = ScenarioError.keyed("ui.state.unreadable", name="x.xlsx")      # made in a German run
    assert shown(kept, lang) == text("ui.state.unreadable", lang, name="x.xlsx")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_phrase_is_worded_when_shown(lang):
    kept = said("ui.scenarios.name_taken", name="Vertrieb")
    assert shown(kept, lang) == text("ui.scenarios.name_taken", lang, name="Vertrieb")


def test_plain_text_and_nothing_stay_as_they_are():
    assert shown("kundenliste.xlsx", "en") == "kundenliste.xlsx"
    assert shown(None, "en") is None


def test_the_link_notice_is_a_phrase_shown_like_every_other_message():
    problems = links.decode_link({"method": ["magic"]}).problems
    kept = links.notice(problems)
    assert isinstance(kept, Phrase)
    assert shown(kept, "en").startswith("The link contained settings that do not fit")
    assert shown(kept, "de").startswith("Der Link enthielt Angaben, die nicht passen")
    assert "method=magic" in shown(kept, "en")


def test_the_load_notice_is_kept_as_a_phrase_and_worded_in_each_run(sample_list):
    kept = load_message(said("ui.state.sample"), sample_list)
    assert shown(kept, "en").startswith("“Sample data” loaded: 250 rows read")
    assert shown(kept, "de").startswith("„Beispieldaten“ geladen: 250 Zeilen gelesen")


def test_the_session_keeps_codes_not_words(app_upload):
    """A kept message worded once at creation would be a plain str in the session."""
    at = app_upload()
    at.run()
    at.upload("kaputt.xlsx", b"PK\x03\x04 not a workbook")
    error = list_state_of(at).error
    assert error is not None and type(error) is not str, type(error)
    at.upload("liste.xlsx", xlsx_bytes(simple_rows(3)))
    notice = list_state_of(at).notice
    assert isinstance(notice, Phrase), type(notice)


def test_a_kept_error_holds_no_traceback(app_upload):
    """The session keeps the error of a failed read for as long as it is shown: without its traceback, whose
    frames hold the file's bytes and the half-read table (was: kept with every frame of the read)."""
    at = app_upload()
    at.run()
    at.upload("kaputt.xlsx", b"PK\x03\x04 not a workbook")
    error = list_state_of(at).error
    assert isinstance(error, BaseException), type(error)
    chain, exc = [], error
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert all(e.__traceback__ is None for e in chain), [type(e).__name__ for e in chain if e.__traceback__]
    assert shown(error, "de") and shown(error, "en")


def test_kept_leaves_words_and_phrases_alone():
    from kundenwert.ui.messages import kept
    phrase = said("ui.state.sample")
    assert kept(phrase) is phrase and kept("liste.xlsx") == "liste.xlsx" and kept(None) is None
    try:
        try:
            raise ValueError("inner")
        except ValueError as inner:
            raise ScenarioError("Szenario kaputt") from inner
    except ScenarioError as exc:
        error = exc
    assert error.__traceback__ is not None and error.__cause__.__traceback__ is not None
    assert kept(error) is error and error.__traceback__ is None and error.__cause__.__traceback__ is None
    try:                                       # a cause and, different from it, the error being handled
        try:
            raise KeyError("handled")
        except KeyError:
            cause = ValueError("cause")
            try:
                raise cause
            except ValueError:
                pass
            raise ScenarioError("Szenario kaputt") from cause
    except ScenarioError as exc:
        error = exc
    assert error.__context__ is not error.__cause__ and error.__context__.__traceback__ is not None
    kept(error)
    assert error.__context__.__traceback__ is None and error.__cause__.__traceback__ is None


def test_a_scenario_error_is_kept_without_its_traceback():
    """The settings' error (state.current_result) is kept like every other message: without its frames."""
    from kundenwert.ui.state import K_SCENARIO_ERROR
    from tests.session_kit import ok, opened

    at = opened("pages/1_Gewichtung_und_Ranking.py")
    sliders = [s for s in at.slider if s.key and s.key.startswith("kw_w_")]
    assert sliders
    for slider in sliders:
        slider.set_value(0.0)
    ok(at.run())
    assert K_SCENARIO_ERROR in at.session_state        # every weight 0: the settings allow no result
    error = at.session_state[K_SCENARIO_ERROR]
    assert isinstance(error, BaseException), error
    assert error.__traceback__ is None
