"""The command line starts the worker on its input file before it imports pandas (kundenwert.cli_start):
the table is the same, the command's own parser decides which file is read, and a worker that is not
asked for is stopped, whatever way the command ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from kundenwert import cli_start
from kundenwert.errors import InputFileError
from kundenwert.ingest import read_path, worker
from tests import hostile_files as H
from tests.conftest import ROOT


@pytest.mark.parametrize(("argv", "guess"), [
    (["score", "l.xlsx", "--json"], ("l.xlsx", None)),
    (["--lang", "en", "validate", "--sheet", "Kunden", "l.xlsx"], ("l.xlsx", "Kunden")),
    (["matrix", "--sheet=B", "--satisfied-from", "7", "l.xlsx", "--json"], ("l.xlsx", "B")),
    (["score", "l.xlsx", "--out", "o.xlsx", "--scenario", "s.json"], ("l.xlsx", None)),
    (["scenarios", "list"], None),
    (["orders", "o.xlsx"], None),
    (["score"], None),
    (["score", "a.xlsx", "b.xlsx"], None),
    (["score", "-h"], None),
    (["score", "--", "l.xlsx"], None),
    (["score", "l.xlsx", "--sheet"], None),
    ([], None),
])
def test_the_input_is_guessed_only_when_the_arguments_are_plain(argv, guess):
    assert cli_start.guess_input(argv) == guess


def _list(tmp_path: Path, name: str = "liste.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(H.valid_xlsx())
    return path


def test_the_worker_starts_before_pandas_is_imported(tmp_path):
    """In a fresh interpreter: the worker runs once `start_early` returns, with pandas not yet imported,
    and `read_path` hands over the same table as a read of its own."""
    path = _list(tmp_path)
    script = (
        "import sys\n"
        "from kundenwert import cli_start\n"
        f"cli_start.start_early(['score', {str(path)!r}, '--json'])\n"
        "running = [s._proc.poll() is None for _, _, s in cli_start._started]\n"
        "print('pandas' in sys.modules, running)\n"
        f"table = cli_start.read_path({str(path)!r}, None)\n"
        "print(table.rows_read, table.headers[:2])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "False [True]"
    expected = read_path(str(path))
    assert second == f"{expected.rows_read} {expected.headers[:2]}"


def test_another_file_or_sheet_than_guessed_is_read_anew_and_the_early_worker_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_start, "_started", [])
    guessed, asked = _list(tmp_path, "geraten.xlsx"), _list(tmp_path, "gefragt.xlsx")
    cli_start.start_early(["validate", str(guessed)])
    (_, _, early), = cli_start._started
    table = cli_start.read_path(str(asked), None)
    assert table.source_name == "gefragt.xlsx" and early._proc.returncode is not None
    cli_start.start_early(["validate", str(asked)])
    (_, _, early), = cli_start._started
    with pytest.raises(InputFileError, match="Blatt „Fehlt“"):
        cli_start.read_path(str(asked), "Fehlt")
    assert early._proc.returncode is not None and not cli_start._started


def test_an_unreadable_input_starts_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_start, "_started", [])
    cli_start.start_early(["score", str(tmp_path / "fehlt.xlsx")])
    cli_start.start_early(["score", str(tmp_path)])
    assert cli_start._started == []


def test_the_early_worker_keeps_its_time_limit(tmp_path, monkeypatch):
    """The limit runs from the start: time spent importing counts, and a hung worker is killed."""
    monkeypatch.setattr(cli_start, "_started", [])
    monkeypatch.setattr(worker, "TIME_LIMIT_SECONDS", 1.5)
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "sleep")
    path = _list(tmp_path)
    cli_start.start_early(["score", str(path)])
    (_, _, early), = cli_start._started
    time.sleep(1.0)
    start = time.perf_counter()
    with pytest.raises(InputFileError, match="länger als"):
        cli_start.read_path(str(path), None)
    assert time.perf_counter() - start < 1.5 and early._proc.returncode is not None


def _processes_with(mark: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                if mark.encode() in fh.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
@pytest.mark.parametrize("args", [
    ["--out", "ergebnis.txt"],          # refused before the list is read
    ["--scenario", "fehlt.json"],       # likewise
    ["--min-order-value", "x"],         # a usage error of the parser
])
def test_a_command_that_ends_before_reading_leaves_no_worker_behind(tmp_path, args):
    path = _list(tmp_path)
    assert cli_start.guess_input(["score", str(path), *args]) == (str(path), None)   # an early worker starts
    mark = f"KUNDENWERT_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, worker.TEST_HOOK_ENV: "sleep", mark.split("=")[0]: mark.split("=")[1]}
    done = subprocess.run([sys.executable, "-m", "kundenwert", "score", str(path), *args], cwd=tmp_path,
                          env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    left = _processes_with(mark)
    for pid in left:   # a failing run must not leave them sleeping
        os.kill(pid, 9)
    assert left == []


def test_the_guess_knows_the_parsers_commands_and_flags():
    """`guess_input` reads the arguments without the parser: its list of commands that read one list file and
    of options without a value must be the parser's (a new flag without a value would else be read as taking
    the input file as its value, and the early start would silently not happen)."""
    import argparse

    from kundenwert import cli_start
    from kundenwert.cli_args import build_parser

    sub = next(a for a in build_parser("de")._actions if isinstance(a, argparse._SubParsersAction))
    list_commands = {name for name, p in sub.choices.items() if any(a.dest == "input" for a in p._actions)}
    assert set(cli_start._COMMANDS) == list_commands
    flags = {o for name in list_commands for a in sub.choices[name]._actions
             if a.nargs == 0 and not isinstance(a, argparse._HelpAction) for o in a.option_strings}
    assert set(cli_start._FLAGS) == flags


def test_starting_the_worker_imports_neither_the_scan_nor_the_catalogues():
    """`import kundenwert.cli_start` (the path to `start_worker`) stays light: the safety scan, the
    catalogues, numpy and pandas are imported by the worker and the command, not before the worker starts."""
    script = "import sys, kundenwert.cli_start\nprint(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    loaded = set(done.stdout.split("'"))
    assert "kundenwert.ingest.worker" in loaded
    heavy = {"kundenwert.ingest.safety", "kundenwert.i18n", "numpy", "pandas", "python_calamine"} & loaded
    assert not heavy, heavy
