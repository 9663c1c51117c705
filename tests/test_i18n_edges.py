"""English at the edges: CLI text and JSON with --lang, exports in English (opened and read back)."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

from kundenwert.cli import run
from kundenwert.dataset import load
from kundenwert.export import csv_bytes, html_report, xlsx_bytes
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.files import messy_xlsx, write

# German words that must not appear in English output (outside the customer data and the file's headers)
GERMAN_MARKERS = ("Kunde ", "Kunden", "Gewichtung", "Zeile", "Spalte", "bewertet", "nicht bewertbar", "Klasse",
                  "Warnung", "Hinweis", "Fehler", "gelesen", "Datei", "Blatt", "Ergebnis", "Szenario", "übersprungen",
                  "abgelehnt", "Umsatz", "je Punkt", "ja", "nein", "Bewertung")
# what the messy list itself brings (headers, names, title)
FROM_THE_FILE = ("Kunde A GmbH", "Kunde B GmbH", "Kunde C GmbH", "Kunde D GmbH", "Kunde E GmbH", "Kunde F GmbH",
                 "Kunde G GmbH", "Kunde H GmbH", "Kunde I GmbH", "Kunde J GmbH", "Kunde K GmbH", "Kunde L GmbH",
                 "Preis-Sensibilität", "Umsatz in EUR", "Summe", "Kundenbewertung Vertrieb Süd",
                 "Kaufhistorie (0-10)", "Betreuungs-Aufwand", "Zukunftsperspektive", "Schnaeppchenfaktor",
                 "Zahlungsmoral", "BONITÄT", "Empfehlungs-Wert", "Image-Faktor", "Deckungsbeitrag", "Sympathie",
                 "Reklamationen", "Notiz", "Kd.-Nr.", "Firma", "DB €", "“Kunden”")


def german_words(out: str, from_the_file: tuple[str, ...] = FROM_THE_FILE,
                 markers: tuple[str, ...] = GERMAN_MARKERS) -> list[str]:
    """The German marker words in ``out`` once the file's own words (data, any language) are taken out."""
    for word in from_the_file:
        out = out.replace(word, "")
    return [m for m in markers if re.search(rf"(?<![\w-]){re.escape(m)}", out)]


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    return str(write(tmp_path_factory.mktemp("i18n") / "messy.xlsx", messy_xlsx()))


@pytest.mark.parametrize("command", ["validate", "score", "matrix"])
def test_cli_text_in_english_has_no_german_word(capsys, messy, command):
    run([command, messy, "--lang", "en"])
    out = capsys.readouterr().out
    assert out.strip()
    assert german_words(out) == []
    run([command, messy])
    german = capsys.readouterr().out
    assert german_words(german) != [], "the marker test must see German in German output"


def test_cli_language_from_the_environment(capsys, messy, monkeypatch):
    monkeypatch.setenv("KUNDENWERT_LANG", "en")
    run(["validate", messy])
    assert "Result: errors found" in capsys.readouterr().out
    run(["validate", messy, "--lang", "de"])
    assert "Ergebnis: Fehler gefunden" in capsys.readouterr().out


def test_cli_errors_in_english(capsys, tmp_path):
    assert run(["score", str(tmp_path / "nothing.xlsx"), "--lang", "en", "--out", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: --out: unknown format") and "Fehler" not in err


def _strip_texts(value: object, path: str = "") -> object:
    """The JSON with every text that is a sentence for people (message, reason, a reader's note) blanked."""
    if isinstance(value, dict):
        return {k: "<text>" if k in ("message", "reason", "note") else _strip_texts(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip_texts(v, path) for v in value]
    return value


@pytest.mark.parametrize("command", ["validate", "score", "matrix"])
def test_json_is_the_same_in_both_languages_apart_from_texts(capsys, messy, command):
    run([command, messy, "--json", "--lang", "de"])
    de = json.loads(capsys.readouterr().out)
    run([command, messy, "--json", "--lang", "en"])
    en = json.loads(capsys.readouterr().out)
    assert _strip_texts(de) == _strip_texts(en)
    if command == "validate":
        assert de["errors"][0]["message"] != en["errors"][0]["message"]
        assert "not used" in en["errors"][0]["message"]
    if command == "score":
        assert en["rejected_rows"][0]["reason"] == "J8 (Preis-Sensibilität): value 15 lies outside 0–10"
        assert en["not_scorable_rows"][0]["reason"].startswith("Ratings present for only 42%")
        assert de["scenario"]["name"] == en["scenario"]["name"] == "Ausgewogen"   # data, not a text


# ----------------------------------------------------------------------------------------- exports

@pytest.fixture(scope="module")
def result():
    cl = load(messy_xlsx(), "messy.xlsx")
    return cl, score(cl, Scenario())


def test_excel_report_in_english_opened(result):
    cl, res = result
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(res, cl, lang="en")))
    assert wb.sheetnames == ["Result", "Weighting", "ABC overview", "After-sales matrix", "Data check"]
    ws = wb["Result"]
    headers = [c.value for c in ws[1]]
    assert headers[:6] == ["Rank", "Customer id", "Customer", "Score", "Customer value (€)", "Class"]
    assert "Contribution Purchase history" in headers and headers[-2:] == ["Notes", "Excel row"]
    first = [c for c in ws[2]]
    assert isinstance(first[3].value, float) and first[3].number_format == "0.0"
    assert isinstance(first[4].value, float) and "€" in first[4].number_format
    check = wb["Data check"]
    texts = " ".join(str(c.value) for row in check.iter_rows() for c in row if c.value is not None)
    assert "Read: 14 rows" in texts and "value 15 lies outside 0–10" in texts
    assert german_words(texts.replace("messy.xlsx", "")) == []
    weights = wb["Weighting"]
    assert weights["A1"].value.startswith("Scenario:")
    assert [c.value for c in weights[6]] == ["Criterion", "Weight", "Share", "Direction"]
    assert weights["C7"].number_format == "0.0 %" and isinstance(weights["C7"].value, float)


def test_excel_report_stays_german_by_default(result):
    cl, res = result
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(res, cl)))
    assert wb.sheetnames == ["Ergebnis", "Gewichtung", "ABC-Übersicht", "After-Sales-Matrix", "Datencheck"]


def test_csv_headers_in_english(result):
    cl, res = result
    rows = list(csv.reader(io.StringIO(csv_bytes(res, cl, german=False, lang="en").decode())))
    assert rows[0][:3] == ["Rank", "Customer id", "Customer"]
    assert float(rows[1][3]) > 0


def test_html_report_in_english(result):
    cl, res = result
    page = html_report(res, cl, lang="en")
    assert '<html lang="en">' in page and "<th>Customer value</th>" in page and "ABC classes" in page
    assert "Gewichtung" not in page and "Kundenwert gesamt" not in page
    assert "After-sales matrix of a study by a German premium car maker" in page
    assert "Wiederkauf" not in page and "Stichprobe" not in page and "Klasse" not in page


def test_charts_in_english_use_english_words_and_separators(result):
    from kundenwert import charts

    _, res = result
    fig = charts.lorenz_curve(res.frame, lang="en")
    assert fig.layout.separators == ".,"
    assert fig.layout.meta["title"] == "Pareto curve: share of the customer value held by the best customers"
    assert fig.layout.xaxis.ticksuffix == "%"
    hist = charts.score_histogram(res.frame, thresholds=(7.0, 4.0), lang="en")
    assert hist.layout.yaxis.title.text == "Number of customers"
    assert {t.name for t in hist.data} <= {"Class A", "Class B", "Class C"}
    german = charts.score_histogram(res.frame)
    assert german.layout.separators == ",." and german.layout.yaxis.title.text == "Anzahl Kunden"


def test_a_file_refused_in_the_worker_reads_in_english(capsys, tmp_path):
    pdf = write(tmp_path / "liste.xlsx", b"%PDF-1.4 not a list")
    assert run(["validate", str(pdf), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err == ("Error: The file “liste.xlsx” is not an Excel, ODS or CSV file but a PDF document. Please upload a "
                   "customer list as .xlsx, .ods or .csv.\n")
    assert run(["validate", str(pdf)]) == 2
    assert capsys.readouterr().err.startswith("Fehler: Die Datei „liste.xlsx“ ist keine Excel-, ODS- oder CSV-Datei")
