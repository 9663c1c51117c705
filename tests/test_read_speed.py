"""Issue 12 (CLI and upload speed): the worker parses beside the safety scan, the command line starts the
worker before its imports. Both must give exactly what the ordinary read gives: tables, messages, output."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from contextlib import redirect_stdout

import pytest

import tests.hostile_files as H
from kundenwert.cli import run
from kundenwert.cli_early import guess
from kundenwert.errors import InputFileError
from kundenwert.ingest import early, reader, safety, worker
from kundenwert.ingest.reader import read_table
from tests.conftest import ROOT
from tests.files import messy_xlsx, xlsx_bytes, xlsx_with_cells
from tests.test_truthful_reading import _percent_formatted_xlsx

SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"


def _beside(data: bytes, name: str, sheet: str | None = None):
    return worker.unpickle_table(b"".join(worker._parse_beside_scan(data, name, sheet)))


def _rated(cells: dict[str, str]) -> bytes:
    return xlsx_with_cells([["Kunde", "Bonität", "Sympathie"], ["A", 1, 6], ["B", 5, 6]], cells)


def _files() -> dict[str, bytes]:
    return {
        "sample.xlsx": SAMPLE.read_bytes(), "messy.xlsx": messy_xlsx(), "formel.xlsx": _rated({"C3": '<c r="C3"><f>B3*2</f></c>'}),
        "prozent.xlsx": _percent_formatted_xlsx(), "versteckt.xlsx": H.hidden_list_and_visible_notes_xlsx("hidden"),
        "nur_versteckt.xlsx": H.hidden_list_and_visible_notes_xlsx(visible_has_data=False),
        "fehler.xlsx": _rated({"B2": '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'}),
        "ods.ods": H.valid_ods_odfpy(), "ohne_kopf.xlsx": H.prefixed_xlsx(), "lowercase.xlsx": H.lowercase_ref_xlsx(),
    }


def _outcome(read, data: bytes, name: str):  # noqa: ANN001, ANN202
    try:
        raw = read(data, name)
    except InputFileError as exc:
        return str(exc)
    return raw, (raw.kind, raw.uncached, raw.error_cells, raw.percent_cells)


@pytest.mark.parametrize("name", list(_files()))
def test_parse_beside_the_scan_is_the_ordinary_read(name):
    """Cells, header, sheet, notes, kind and the scan's findings (uncached, errors, percent), or the same sentence."""
    data = _files()[name]
    assert _outcome(_beside, data, name) == _outcome(read_table, data, name)


def test_the_scan_s_findings_arrive_in_the_table():
    """Would fail if the scan's findings were not put into the table the child parsed."""
    assert _beside(_files()["formel.xlsx"], "f.xlsx").uncached == {(3, 2)}
    assert _beside(_percent_formatted_xlsx(), "p.xlsx").percent_cells
    assert _beside(_files()["fehler.xlsx"], "e.xlsx").error_cells == {(2, 1): "#DIV/0!"}
    assert _beside(H.valid_ods_odfpy(), "o.ods").kind == "ods"


@pytest.mark.parametrize("make", [H.xfd_xlsx, H.out_of_order_rows_xlsx, H.billion_laughs_xlsx, H.crc_corrupt_xlsx,
                                  H.truncated_xlsx, H.zip_bomb_xlsx, H.inflated_dimension_xlsx])
def test_a_hostile_file_gets_the_scan_s_sentence(make):
    """The scan refuses (its sentence, as in the ordinary read; the child's work is thrown away) or passes."""
    data = make(60) if make is H.zip_bomb_xlsx else make()
    outcome = _outcome(_beside, data, "boese.xlsx")
    assert outcome == _outcome(read_table, data, "boese.xlsx")
    assert isinstance(outcome, str) or make is H.inflated_dimension_xlsx


def test_a_failed_child_is_read_again_after_the_scan(monkeypatch):
    """The child's parse crashes (as calamine may): the file is parsed again in the worker, same table."""
    real = reader.read_workbook

    def crashing(data, filename, sheet=None, sheet_cells=None):  # noqa: ANN001, ANN202
        if sheet_cells is None:      # the child parses without the scan's findings
            os.kill(os.getpid(), signal.SIGKILL)
        return real(data, filename, sheet, sheet_cells)

    monkeypatch.setattr(reader, "read_workbook", crashing)
    data = messy_xlsx()
    assert _beside(data, "messy.xlsx") == read_table(data, "messy.xlsx")


def test_a_sheet_the_scan_found_empty_is_not_chosen_by_the_child(monkeypatch):
    """The child does not know which sheets the scan found empty; when it chose among them, the scan wins."""
    real = safety.check_file

    def kunden_empty(data, filename):  # noqa: ANN001, ANN202
        check = real(data, filename)
        check.sheet_cells["Kunden"] = 0
        return check

    monkeypatch.setattr(safety, "check_file", kunden_empty)
    monkeypatch.setattr(reader, "check_file", kunden_empty)
    data = H.hidden_list_and_visible_notes_xlsx("hidden")
    assert read_table(data, "x.xlsx").sheet == "Alt"
    assert _beside(data, "x.xlsx").sheet == "Alt"


# ------------------------------------------------------------------------------ early start (CLI)

@pytest.mark.parametrize(("argv", "expected"), [
    (["score", "liste.xlsx", "--json"], ("liste.xlsx", None)),
    (["--lang", "en", "score", "--sheet", "Kunden", "liste.xlsx"], ("liste.xlsx", "Kunden")),
    (["validate", "--sheet=Blatt 2", "--scenario", "s.json", "l.xlsx"], ("l.xlsx", "Blatt 2")),
    (["matrix", "--satisfied-from", "7", "l.xlsx", "--json"], ("l.xlsx", None)),
    (["score", "--", "-seltsam.xlsx"], ("-seltsam.xlsx", None)),
    (["score", "liste.xlsx", "--help"], None),
    (["score"], None),
    (["score", "a.xlsx", "b.xlsx"], None),
    (["scenarios", "list"], None),
    (["orders", "auftraege.xlsx"], None),
    (["--bogus", "score", "liste.xlsx"], None),
])
def test_the_early_start_guesses_the_list_of_a_command_line(argv, expected):
    assert guess(argv) == expected


def test_the_early_worker_is_taken_for_the_same_file_and_gives_the_same_table(tmp_path):
    path = tmp_path / "liste.xlsx"
    path.write_bytes(messy_xlsx())
    early.start(str(path))
    [started] = early._started
    raw = worker.read_path(str(path))
    assert early._started == [] and started.proc.returncode == 0    # taken and finished
    assert raw == read_table(path.read_bytes(), "liste.xlsx")


def test_the_early_worker_is_not_taken_for_other_bytes_and_ends_with_the_command(tmp_path):
    path = tmp_path / "liste.xlsx"
    path.write_bytes(messy_xlsx())
    early.start(str(path))
    [started] = early._started
    path.write_bytes(xlsx_bytes([["Kunde", "Bonität"], ["Neu", 5]]))    # changed after the early start
    raw = worker.read_path(str(path))
    assert raw.rows == [["Neu", 5.0]]
    assert early._started == [started]             # not taken
    early._end_all()
    assert early._started == [] and started.proc.returncode is not None


def test_no_early_start_for_what_is_no_regular_file(tmp_path):
    early.start(str(tmp_path))                      # a folder
    early.start(str(tmp_path / "fehlt.xlsx"))       # missing
    assert early._started == []


def _in_process(*args: str) -> tuple[int, bytes]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = run(list(args))
    return code, out.getvalue().encode()


@pytest.mark.parametrize("args", [("score", "--json"), ("score",), ("validate", "--json"), ("score", "--lang", "en"),
                                  ("score", "--json", "--lang", "en")])
@pytest.mark.parametrize("which", ["sample", "messy"])
def test_command_output_is_byte_identical_with_the_early_worker_and_the_parse_beside_the_scan(tmp_path, args, which):
    """`python -m kundenwert` (early worker, parse beside the scan) against run() in this process (the
    ordinary read, scan first): the same bytes on stdout, the same exit status."""
    path = tmp_path / f"{which}.xlsx"
    path.write_bytes(SAMPLE.read_bytes() if which == "sample" else messy_xlsx())
    command, *options = args
    done = subprocess.run([sys.executable, "-m", "kundenwert", command, str(path), *options], cwd=ROOT,
                          capture_output=True, timeout=120)
    code, expected = _in_process(command, str(path), *options)
    assert done.stderr == b""
    assert (done.returncode, done.stdout) == (code, expected)


def test_a_usage_error_after_the_early_start_is_the_same_line():
    done = subprocess.run([sys.executable, "-m", "kundenwert", "score", str(SAMPLE), "--bogus"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "Fehler: unbekannte Angabe --bogus (Hilfe: python -m kundenwert --help)"


@pytest.fixture(autouse=True)
def _no_early_left():
    yield
    early._end_all()


# ------------------------------------------------------------------------- a worker started ahead (app)

@pytest.fixture
def ready_off():
    worker._end_ready()
    was = worker._keep_ready[0]
    worker._keep_ready[0] = False
    yield
    worker._end_ready()
    worker._keep_ready[0] = was


def test_the_app_s_next_file_goes_to_a_worker_started_ahead(ready_off):
    data = messy_xlsx()
    worker.load_raw(data, "a.xlsx")
    assert worker._ready == []                          # the command line's path keeps none
    first = worker.unpickle_table(worker.parse_in_worker(data, "a.xlsx").blob)
    [(ahead, _)] = worker._ready                        # started after the first file, waiting
    assert ahead.poll() is None
    second = worker.unpickle_table(worker.parse_in_worker(data, "a.xlsx").blob)
    assert ahead.returncode == 0                        # it read the second file, once, and ended
    [(next_one, _)] = worker._ready
    assert next_one is not ahead
    assert first == second == read_table(data, "a.xlsx")


def test_a_worker_started_ahead_under_another_test_hook_is_not_used(ready_off, monkeypatch):
    worker.keep_ready()
    [(ahead, _)] = worker._ready
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "abort")
    with pytest.raises(InputFileError, match="abgestürzt"):
        worker.parse_in_worker(messy_xlsx(), "a.xlsx")
    assert ahead.returncode is not None                 # ended unused
