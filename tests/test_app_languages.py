"""Every page in English shows no German word outside the customer data, and in German no English word
(issue 10): the sample list and the sample orders loaded, each page opened through the app."""

from __future__ import annotations

import html
import re

import pytest

from tests.session_kit import list_of, ok, opened
from tests.ui_text import visible_text

PAGES = ["app.py", "pages/1_Gewichtung_und_Ranking.py", "pages/2_ABC-Analyse.py", "pages/3_Kundenprofil.py",
         "pages/4_After-Sales-Matrix.py", "pages/5_Kundenstimme_NPS.py", "pages/6_Methode.py",
         "pages/7_Szenarienvergleich.py", "pages/8_Robustheit.py", "pages/9_Auftragsanalyse.py"]
# “ opens an English quotation and closes a German one: only „ marks German
GERMAN = re.compile(r"[äöüÄÖÜß„]|\b(Kunde|Kunden|Kundin|Gewichtung|Gewichte|Zeile|Zeilen|Spalte|Spalten|bewertet|"
                    r"bewertbar|Klasse|Klassen|Warnung|Hinweis|und|oder|nicht|keine|kein|der|die|das|mit|für|ist|"
                    r"sind|Seite|Liste|Datei|Umsatz|Szenario|Auftr\w*|Kriteri\w*|laden|speichern|wählen)\b")
ENGLISH = re.compile(r"\b(Customer|Customers|customer|customers|Weight|Weights|weighting|Row|Column|row|column|"
                     r"rated|Class|Warning|the|and|with|not|of|for|is|are|Revenue|revenue|Orders|orders|Load|"
                     r"Save|Upload|Download|Show|Scenario|scenario|Page|page|List|list|File|file)\b")


def data_strings_of(*tables) -> list[str]:
    """Customer names, ids and the files' own headers and sheet names: data, shown as they are in any language
    (as markdown and plotly escape them too), longest first."""
    from kundenwert.dataset import build
    from kundenwert.ui.common import escape_md

    strings: set[str] = set()
    for table in tables:
        strings |= {str(h) for h in table.headers} | {f"“{table.sheet}”", f"„{table.sheet}“"}
        try:
            customers = build(table).customers
        except Exception:  # noqa: BLE001 - an order list is no customer list: its headers only
            continue
        strings |= {str(v) for col in ("name", "id") if col in customers for v in customers[col].dropna()}
    strings |= {escape_md(s) for s in strings}            # as markdown shows them: "Umsatz \(€\)"
    strings |= {html.escape(s, quote=False) for s in strings}   # as plotly labels show them: "Graf &amp; Jäger KG"
    return sorted((s for s in strings if len(s) > 2), key=len, reverse=True)


@pytest.fixture(scope="module")
def data_strings(sample_bytes):
    """The sample list's and the sample orders' data (a bare sheet name "Kunden" stays German)."""
    from kundenwert.ingest.reader import read_table
    from kundenwert.ui.orders_panel import SAMPLE_ORDERS_NAME, SAMPLE_ORDERS_PATH

    return data_strings_of(read_table(sample_bytes, "kundenliste_beispiel.xlsx"),
                           read_table(SAMPLE_ORDERS_PATH.read_bytes(), SAMPLE_ORDERS_NAME))


def _opened(sample_list, lang: str, page: str):
    """The app in ``lang`` with the sample list and the sample orders, on ``page``."""
    at = opened("app.py", lang)
    at.button(key="kw_orders_sample_btn").click().run()
    if page != "app.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(list_of(at).customers) == len(sample_list.customers)
    return at


def foreign_words(at, pattern: re.Pattern, data: list[str]) -> list[str]:
    """The fragments of the page that match ``pattern`` once the data in them is taken out."""
    found = []
    for fragment in visible_text(at):
        rest = fragment
        for s in data:
            if s in rest:
                rest = rest.replace(s, " ")
        if pattern.search(rest):
            found.append(fragment[:160])
    return sorted(set(found))


@pytest.mark.parametrize("page", PAGES)
def test_english_page_has_no_german_word(sample_list, data_strings, page):
    at = _opened(sample_list, "en", page)
    assert foreign_words(at, GERMAN, data_strings) == []


@pytest.mark.parametrize("page", PAGES)
def test_german_page_has_no_english_word(sample_list, data_strings, page):
    at = _opened(sample_list, "de", page)
    assert foreign_words(at, ENGLISH, data_strings) == []


@pytest.mark.parametrize("page", PAGES)
def test_a_switch_from_english_to_german_leaves_no_english_word(sample_list, data_strings, page):
    """Everything the page drew in English (kept messages, choices, tabs, memoised tables) is German after the
    switch."""
    at = _opened(sample_list, "en", page)
    at.query_params["lang"] = "de"
    ok(at.run())
    assert foreign_words(at, ENGLISH, data_strings) == []
    assert foreign_words(at, GERMAN, data_strings)          # the page is there, in German


def test_the_check_sees_the_pages_own_words(sample_list, data_strings):
    """The collector reads the page (a German page is full of German words, an English one of English
    ones): the two tests above could fail."""
    german = _opened(sample_list, "de", "pages/2_ABC-Analyse.py")
    english = _opened(sample_list, "en", "pages/2_ABC-Analyse.py")
    assert len(foreign_words(german, GERMAN, data_strings)) > 10
    assert len(foreign_words(english, ENGLISH, data_strings)) > 10
