"""Engine messages outside the charts in English: reader notes, file refusals, scenario files, the library,
the CLI's ``scenarios`` and ``orders`` subcommands. German stays the default."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from kundenwert.cli import run
from kundenwert.dataset import build
from kundenwert.errors import InputFileError
from kundenwert.ingest.reader import read_table
from tests.test_i18n_edges import german_words

TITLED_CSV = "Kundenbewertung Süd\n\nKunden-Nr.;Kunde;Bonität (0-10)\n1;A;5\n2;B;7\n".encode()


def test_a_title_row_gives_an_english_note_and_the_german_default_stays():
    raw = read_table(TITLED_CSV, "titled.csv")
    (note,) = raw.notes
    assert note == "Kopfzeile in Zeile 3 gefunden; die Zeilen darüber (Titel o. Ä.) gehören nicht zu den Daten."
    assert note.render("en") == ("Header row found in row 3; the rows above it (a title or similar) are not part "
                                 "of the data.")
    issues = build(raw).issues
    assert "Kopfzeile in Zeile 3" in " ".join(issues["message"])
    from kundenwert.findings import render
    first = issues.iloc[0]
    assert render(first["code"], first["params"], "en").startswith("Header row found in row 3")


def test_lines_in_another_encoding_are_named_in_english():
    data = "Kunden-Nr.;Kunde;Bonität (0-10)\n1;Müller;5\n".encode() + "2;Jäger;7\n".encode("cp1252")
    (note,) = read_table(data, "mixed.csv").notes
    assert "Zeile 3" in note and "Windows-1252" in note
    assert note.render("en").startswith("The file is saved in UTF-8, except line 3: it was read as Windows-1252.")


def test_a_header_too_far_down_is_refused_in_english():
    data = ("1;2;3\n" * 35 + "Kunden-Nr.;Kunde;Bonität (0-10)\n1;A;5\n").encode()
    with pytest.raises(InputFileError) as err:
        read_table(data, "deep.csv")
    assert "erst in Zeile 36" in str(err.value)
    assert err.value.text("en").startswith("The first 30 rows of “deep.csv” hold no header row; recognisable column "
                                           "names only appear in row 36.")


def test_a_presentation_in_a_zip_is_named_in_english():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p/>")
    with pytest.raises(InputFileError) as err:
        read_table(buf.getvalue(), "slides.xlsx")
    assert "Präsentation" in str(err.value)
    assert "presentation" in err.value.text("en") and "Präsentation" not in err.value.text("en")


def test_an_os_error_reason_is_english(tmp_path):
    from kundenwert.ingest.files import read_file_bytes
    with pytest.raises(InputFileError) as err:
        read_file_bytes(str(tmp_path / "missing.xlsx"))
    assert "die Datei gibt es nicht" in str(err.value)
    assert err.value.text("en") == ("The file “missing.xlsx” cannot be read: the file does not exist (please check "
                                    "the path).")


@pytest.mark.parametrize(("key", "details", "de", "en"), [
    ("no_spreadsheet", {"what": "zip"}, ", sondern ein ZIP-Archiv.", " file but a ZIP archive."),
    ("no_spreadsheet", {}, "keine Excel-, ODS- oder CSV-Datei. Bitte", "not an Excel, ODS or CSV file. Please"),
    ("text_not_excel", {"fmt": "Excel", "what": "html"}, "sondern eine Webseite (HTML).", "but a web page (HTML)."),
    ("not_regular", {"what": "fifo"}, "sondern eine Pipe (FIFO).", "but a pipe (FIFO)."),
    ("os_error", {"reason": "EACCES", "number": "13"}, ": keine Leseberechtigung.", ": no permission to read it."),
    ("os_error", {"reason": "other", "number": "71"}, "(Nummer 71).", "(number 71)."),
])
def test_a_refusal_carries_codes_and_is_worded_after_the_worker(key, details, de, en):
    """The worker hands key and details over as JSON; the parent words them in any language from the codes
    (no German text looked up again in the catalogue)."""
    from kundenwert.ingest.safety import decode_refusal, encode_refusal, refusal

    err = decode_refusal(encode_refusal(refusal(key, "x.bin", **details)))
    assert de in str(err) and en in err.text("en"), (str(err), err.text("en"))


def test_an_os_error_travels_as_a_code(tmp_path):
    from kundenwert.ingest.files import read_file_bytes
    with pytest.raises(InputFileError) as err:
        read_file_bytes(str(tmp_path))
    assert err.value.render.args[2] == {"what": "folder"}
    with pytest.raises(InputFileError) as err:
        read_file_bytes(str(tmp_path / "missing.xlsx"))
    assert err.value.render.args[2]["reason"] == "ENOENT"


# ------------------------------------------------------------------------------------- the CLI's subcommands

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
ORDERS = ROOT / "sample_data" / "auftraege_beispiel.xlsx"
# what the sample files bring (sheet names, file names, customer numbers) is removed before the check
FROM_THE_SAMPLE = ("auftraege_beispiel.xlsx", "kundenliste_beispiel.xlsx")


def english_only(out: str) -> list[str]:
    for word in FROM_THE_SAMPLE:
        out = out.replace(word, "")
    return german_words(out)


def test_orders_text_in_english(capsys):
    assert run(["orders", str(ORDERS), "--list", str(SAMPLE), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Order list: auftraege_beispiel.xlsx, header row 3" in out and "Retention rate from orders:" in out
    assert "Header row found in row 3" in out and "Customer id" in out
    assert english_only(out) == [] and not re.search(r"[äöüß„]", out)


def test_orders_text_stays_german_by_default(capsys):
    assert run(["orders", str(ORDERS), "--list", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Auftragsliste: auftraege_beispiel.xlsx, Kopfzeile 3" in out and "Kunden-Nr." in out


def test_score_with_orders_in_english(capsys):
    assert run(["score", str(SAMPLE), "--orders", str(ORDERS), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Ratings from orders: Purchase history: from the orders where the list has none" in out
    assert english_only(out) == []


def test_orders_argument_error_in_english(capsys):
    with pytest.raises(SystemExit) as exit_:
        run(["orders", str(ORDERS), "--months", "0", "--lang", "en"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "expected a number of months from 1 to 120" in err and "Monat" not in err


# ------------------------------------------------------------------------------------- scenario files

@pytest.mark.parametrize("content, english", [
    ('{"weights": {"x": 1}', "Scenario file “s.json” is not valid JSON: line 1, column 21: a comma is expected."),
    ('{"weights": {"x": 1}}', "Scenario file “s.json”: unknown criterion “x”."),
    ('{"thresholds": [4.5, 7]}', "Scenario file “s.json”: Score thresholds: 0 ≤ B threshold (7) ≤ A threshold (4.5) "
                                 "≤ 10 must hold."),
    ('{"retention": 2}', "Scenario file “s.json”: “retention” must be a number from 0 to below 1."),
])
def test_scenario_file_errors_in_english(tmp_path, capsys, content, english):
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    assert run(["score", str(SAMPLE), "--scenario", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == f"Error: {english}"
    assert run(["score", str(SAMPLE), "--scenario", str(path)]) == 2
    german = capsys.readouterr().err.strip()
    assert german.startswith("Fehler: Szenario-Datei „s.json“")


def test_scenario_error_keeps_german_as_its_text():
    from kundenwert.errors import ScenarioError
    from kundenwert.scenario import Scenario
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json('{"class_method": "abc"}')
    assert str(err.value) == "Szenario-Datei: „class_method“ muss eines von score, pareto, rank sein."
    assert err.value.text("en") == "Scenario file: “class_method” must be one of score, pareto, rank."


# ------------------------------------------------------------------------------------- the scenario library

def _scenarios(capsys, *args: str) -> tuple[int, str, str]:
    code = run(["scenarios", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_scenarios_in_english(tmp_path, capsys):
    from kundenwert.scenario import PRESETS
    db = str(tmp_path / "lib.db")
    path = tmp_path / "team.json"
    path.write_text(PRESETS["profit"].to_json(), encoding="utf-8")
    code, out, _ = _scenarios(capsys, "save", str(path), "--author", "Ann", "--name", "Team", "--db", db, "--lang", "en")
    assert code == 0 and out == "Saved: “Team” version 1 (ID 1).\n"
    code, out, _ = _scenarios(capsys, "list", "--db", db, "--lang", "en")
    assert code == 0 and out.splitlines()[0].split() == ["ID", "Name", "Version", "Author", "Saved", "Note"]
    assert out.rstrip().endswith("1 scenario") and english_only(out) == []
    code, out, _ = _scenarios(capsys, "show", "Team", "--db", db, "--lang", "en")
    assert code == 0 and "Scenario “Team” (ID 1), version 1 of 1" in out and "Weights:" in out
    assert "Contribution margin: 10.0" in out and english_only(out) == [] and not re.search(r"[äöüß„]", out)
    code, out, _ = _scenarios(capsys, "archive", "Team", "--db", db, "--lang", "en")
    assert out == "Archived: “Team” (bring back: scenarios restore 1).\n"
    code, out, _ = _scenarios(capsys, "list", "--db", db, "--lang", "en")
    assert out.startswith("No scenarios in the library")
    code, _, err = _scenarios(capsys, "show", "Nobody", "--db", db, "--lang", "en")
    assert code == 2 and err.strip() == "Error: There is no scenario “Nobody” in the library."
    code, _, err = _scenarios(capsys, "show", "Nobody", "--db", db)
    assert err.strip() == "Fehler: Szenario „Nobody“ gibt es nicht in der Bibliothek."


def test_store_errors_in_english(tmp_path):
    from kundenwert.store import StoreError, check_inputs, restore_backup, session_only_notice
    with pytest.raises(StoreError) as err:
        check_inputs("Team", "  ", "")
    assert str(err.value) == "Autor fehlt – bitte angeben." and err.value.text("en") == "Author is missing – please give it."
    assert session_only_notice(err.value, "en") == ("Scenario library: Author is missing – please give it – scenarios "
                                                    "are only kept for this session.")
    backup = {"format": "kundenwert-szenarien", "scenarios": [{"name": "A", "versions": [{"scenario": {"weights":
                                                                                                         {"x": 1}}}]}]}
    with pytest.raises(StoreError) as err:
        restore_backup(None, backup, "Ann")
    assert str(err.value) == "Sicherungsdatei: Szenario 1, Version 1: unbekanntes Kriterium „x“."
    assert err.value.text("en") == "Backup file: scenario 1, version 1: unknown criterion “x”."


# ------------------------------------------------------------------------------------- links

def test_link_problems_in_english_and_german():
    from kundenwert.links import decode_link, notice
    link = decode_link({"w": ["x"], "method": ["abc"], "spread": ["7"], "foo": ["1"]})
    german = notice(link.problems)
    assert german.startswith("Der Link enthielt Angaben, die nicht passen") and "„method=abc“ (erwartet: score, " \
        "pareto, rank)" in german
    english = notice(link.problems).render("en")
    assert english.startswith("The link contained settings that do not fit – they were ignored and the defaults "
                              "apply: “foo=1” (unknown parameter); “w=x” (expected: 12 weights from 0 to 10, "
                              "separated by commas); “method=abc” (expected: score, pareto, rank)")
    assert "a whole number from" in english and german_words(english) == [] and "„" not in english


@pytest.mark.parametrize("argv", [["scenarios", "list", "--help"], ["orders", "--help"], ["scenarios", "--help"]])
def test_subcommand_help_in_english(capsys, argv):
    with pytest.raises(SystemExit):
        run([*argv, "--lang", "en"])
    out = capsys.readouterr().out
    assert out.strip() and english_only(out) == [] and not re.search(r"[äöüß„]", out)


def test_a_cp850_file_is_named_in_the_language():
    data = "Kunden-Nr.;Kunde;Bonität (0-10)\n1;Müller;5\n2;Jäger;7\n".encode("cp850")
    (note,) = read_table(data, "dos.csv").notes
    assert "DOS-Codepage 850" in note
    assert "DOS code page 850" in note.render("en") and "Codepage" not in note.render("en")


def test_json_params_that_are_sentences_follow_the_language(tmp_path, capsys):
    """A reader note travels as a parameter of its finding: in English JSON it is English like the message."""
    import json

    path = tmp_path / "titled.csv"
    path.write_bytes(TITLED_CSV)
    notes = {}
    for lang in ("de", "en"):
        run(["validate", str(path), "--json", "--lang", lang])
        payload = json.loads(capsys.readouterr().out)
        notes[lang] = next(i["params"]["note"] for key in ("errors", "warnings", "info") for i in payload.get(key, [])
                           if i["code"] == "reader_note")
    assert notes["de"].startswith("Kopfzeile in Zeile 3")
    assert notes["en"].startswith("Header row found in row 3")
