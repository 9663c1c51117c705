"""The export section in English (issue 10): labels, file names and the files themselves in the language of
the page that offered them – also when the file is built later, on the click, outside the page's run."""

from __future__ import annotations

import csv
import io

import openpyxl

from kundenwert.i18n import text
from kundenwert.ui import exports
from tests.downloads import capture
from tests.session_kit import opened

RANKING = "pages/1_Gewichtung_und_Ranking.py"


def test_english_exports_have_english_labels_names_and_contents(monkeypatch):
    files = capture(monkeypatch)
    at = opened(RANKING, "en")
    buttons = {b.proto.label: b.proto.help for b in at.get("download_button")}
    assert {"Excel report", "CSV", "HTML report"} <= set(buttons)
    sheets = [text("export.sheet." + s, "en") for s in exports.SHEETS]
    assert buttons["Excel report"] == "Sheets " + ", ".join(sheets) + "."
    style = at.segmented_control(key="kw_csv_style")
    assert style.value == "intl" and style.label == "CSV format"     # an English page offers the international CSV
    assert {"kundenwert_ranking.xlsx", "kundenwert_ranking_intl.csv", "kundenwert_report.html"} <= set(files)
    wb = openpyxl.load_workbook(io.BytesIO(files.data("kundenwert_ranking.xlsx")))
    assert wb.sheetnames == sheets
    header = next(csv.reader(io.StringIO(files.data("kundenwert_ranking_intl.csv").decode("utf-8"))))
    assert header[:3] == [text("export.col.rank", "en"), text("export.col.id", "en"), text("export.col.name", "en")]
    assert text("html.kpi.scored", "en") in files.data("kundenwert_report.html").decode("utf-8")


def test_german_exports_keep_their_names_and_default_style(monkeypatch):
    files = capture(monkeypatch)
    at = opened(RANKING, "de")
    assert {b.proto.label for b in at.get("download_button")} >= {"Excel-Bericht", "CSV", "HTML-Bericht"}
    assert at.segmented_control(key="kw_csv_style").value == "de"
    assert {"kundenwert_ranking.xlsx", "kundenwert_ranking.csv", "kundenwert_bericht.html"} <= set(files)
    wb = openpyxl.load_workbook(io.BytesIO(files.data("kundenwert_ranking.xlsx")))
    assert wb.sheetnames == [text("export.sheet." + s, "de") for s in exports.SHEETS]


def test_build_takes_the_language_it_is_given():
    assert exports.file_name("html", lang="en") == "kundenwert_report.html"
    assert exports.file_name("html") == "kundenwert_bericht.html"
