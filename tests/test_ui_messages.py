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
