"""The shared page parts (kundenwert.ui.common) in both languages: empty states (no list, no ratings, no
customers), KPI row, short money amounts (issue 10)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.files import xlsx_bytes
from tests.session_kit import list_of, ok
from tests.test_app_languages import GERMAN

RANKING, ABC, PROFILE = "pages/1_Gewichtung_und_Ranking.py", "pages/2_ABC-Analyse.py", "pages/3_Kundenprofil.py"
NAMES_ONLY = [["Kunden-Nr.", "Kunde"], ["K1", "Eins"], ["K2", "Zwei"]]


def main_texts(at: AppTest) -> list[str]:
    """What the page body says (the sidebar is tested with its own module)."""
    parts = [*at.main.markdown, *at.main.info, *at.main.warning, *at.main.error, *at.main.success,
             *at.main.caption]
    return [str(e.value) for e in parts] + [b.label for b in at.main.button]


def english(at: AppTest) -> AppTest:
    at.query_params["lang"] = "en"
    return at


def german_words(texts: list[str]) -> list[str]:
    return [s for s in texts if GERMAN.search(s)]


@pytest.fixture
def lang_env(monkeypatch):
    def set_lang(lang: str) -> None:
        monkeypatch.setenv("KUNDENWERT_LANG", lang)
    return set_lang


def test_one_read_row_without_a_customer_is_not_called_a_customer(lang_env):
    """It said "die einzige gelesene Zeile ist ein Kunde" – the opposite of the truth."""
    from kundenwert.ui import common

    one = SimpleNamespace(customers=pd.DataFrame(), rows_read=1)
    lang_env("de")
    assert "die einzige gelesene Zeile ist kein Kunde" in common.empty_list_text(one)
    lang_env("en")
    assert common.empty_list_text(one).startswith("The list contains no customers – the only row read is not a")
    assert "none of the 1,234 rows read is a customer" in common.empty_list_text(
        SimpleNamespace(customers=pd.DataFrame(), rows_read=1234))


@pytest.mark.parametrize(("value", "de", "en"), [
    (3_380_000, "3,38 Mio. €", "€3.38m"), (12_345_678, "12,3 Mio. €", "€12.3m"), (845_120, "845.120 €", "€845,120"),
    (2.5e9, "2,50 Mrd. €", "€2.50bn"), (-4_000_000, "-4,00 Mio. €", "-€4.00m"), (None, "–", "–")])
def test_short_money_amounts_in_both_languages(value, de, en):
    from kundenwert.ui.common import fmt_eur_short

    assert (fmt_eur_short(value, "de"), fmt_eur_short(value, "en")) == (de, en)


def test_empty_state_texts_speak_the_ui_language(lang_env):
    from kundenwert.ui import common

    lang_env("de")
    assert common.no_ratings_title() == "Diese Liste hat keine Bewertungsspalten (0–10)"
    assert common.example_ratings() == "„Kaufhistorie (0-10)“, „Bonität (0-10)“ oder „Zahlungsmentalität (0-10)“"
    lang_env("en")
    assert common.no_ratings_title() == "This list has no rating columns (0–10)"
    assert common.example_ratings() == "“Purchase history (0-10)”, “Creditworthiness (0-10)” or “Payment behaviour (0-10)”"
    assert "Start / Data" in common.own_list_gone_text() and not GERMAN.search(common.own_list_gone_text())


@pytest.mark.parametrize("page", [RANKING, ABC, PROFILE])
def test_page_without_a_list_in_english_offers_the_sample(app_page, page):
    at = ok(english(app_page(page)).run())
    shown = main_texts(at)
    assert any(s.startswith("No customer list loaded yet. Upload your Excel list on the **Start / Data** page")
               for s in shown), shown
    button = at.button(key="kw_sample_btn")
    assert button.label == "Load sample data" and "made-up list of 250 business customers" in button.help
    assert german_words(shown) == []
    ok(button.click().run())
    assert list_of(at) is not None and not german_words([m.label for m in at.main.metric])


def test_page_without_a_list_in_german_is_unchanged(app_page):
    at = ok(app_page(RANKING).run())
    assert any(s.startswith("Noch keine Kundenliste geladen. Laden Sie auf der Seite **Start / Daten**")
               for s in main_texts(at))
    assert at.button(key="kw_sample_btn").label == "Beispieldaten laden"


@pytest.mark.parametrize(("page", "needs"), [(RANKING, "the ranking"), (ABC, "the ABC analysis"),
                                             (PROFILE, "the customer profile")])
def test_list_without_ratings_in_english_says_how_to_add_them(app_upload, app_page, carry_state, page, needs):
    start = app_upload()
    start.run()
    ok(start.upload("adressen.xlsx", xlsx_bytes(NAMES_ONLY)))
    at = ok(english(carry_state(start, app_page(page))).run())
    warning = " ".join(w.value for w in at.main.warning)
    assert (f"**This list has no rating columns (0–10)** – {needs} needs at least one column with ratings from 0 "
            "to 10, e.g. “Purchase history (0-10)”") in warning
    shown = main_texts(at)
    assert any(s.startswith("How to add ratings:") for s in shown)
    assert german_words(shown) == []
    assert at.main.get("download_button")[0].proto.label == "Download empty template (Excel)"


@pytest.mark.parametrize("page", [RANKING, ABC, PROFILE])
def test_empty_list_in_english_says_there_are_no_customers(app_upload, app_page, carry_state, page):
    from kundenwert.ui import state

    start = app_upload()
    start.run()
    ok(start.upload("customer_list_template.xlsx", state.template_bytes("en")))
    at = ok(english(carry_state(start, app_page(page))).run())
    shown = [str(e.value) for e in [*at.main.info, *at.main.warning, *at.main.error]]
    assert any("The list contains no customers" in s for s in shown), shown
    assert german_words(shown) == []


def test_template_download_in_each_language_is_that_languages_template():
    from kundenwert.ui import state

    assert state.template_bytes("en") == (state.TEMPLATE_PATH.parent / "customer_list_template.xlsx").read_bytes()
    assert state.template_bytes("de") == state.TEMPLATE_PATH.read_bytes() == state.template_bytes()


def test_the_language_in_a_link_is_no_unknown_parameter():
    """A link with lang=en showed "Der Link enthielt Angaben, die nicht passen … „lang=en“ (unbekannter
    Parameter)" on every page: the language is part of the link (kundenwert.ui.lang reads it)."""
    from kundenwert import links

    assert links.decode_link({"lang": ["en"]}).problems == []
    assert links.decode_link({"lang": ["en"], "sprache": ["x"]}).problems != []


def test_own_list_gone_after_a_reload_is_said_in_english(app_page):
    at = english(app_page(RANKING))
    at.query_params.update({"v": "2", "w": "payment_behaviour:9", "list": "own"})
    ok(at.run())
    assert list_of(at) is None
    warning = " ".join(w.value for w in at.main.warning)
    assert warning.startswith("**Your own customer list is no longer loaded.**")
    assert "upload the list again on the **Start / Data** page" in warning
    assert german_words(main_texts(at)) == []
    assert at.query_params["lang"] == "en" and at.query_params["list"] == "own"


def test_the_shipped_templates_are_read_by_their_own_names_not_the_download_name():
    from kundenwert.ui.state import TEMPLATE_PATH, template_bytes

    folder = TEMPLATE_PATH.parent
    assert template_bytes("de") == (folder / "vorlage_kundenliste.xlsx").read_bytes()
    assert template_bytes("en") == (folder / "customer_list_template.xlsx").read_bytes()
    assert template_bytes("fr")[:2] == b"PK"          # a language without a shipped file gets one generated
