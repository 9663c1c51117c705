"""`score --json` written fast: rows as JSON in one join; a list command ends its process without freeing the list object by object (issue 12: 0.1-0.2 s of a
50,000-row `score --json`), and still leaves every output complete: stdout, --out files, the exit status."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
# an exit handler that the normal interpreter shutdown runs and a quick exit skips
PROBE = ("import atexit, sys; atexit.register(lambda: print('TEARDOWN', file=sys.stderr)); "
         "sys.argv = ['kundenwert', *sys.argv[1:]]; from kundenwert.cli import main; main()")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_score_json_ends_quickly_with_its_whole_output():
    proc = _run("score", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "TEARDOWN" not in proc.stderr                 # no interpreter teardown
    payload = json.loads(proc.stdout)                    # all of it was flushed
    assert len(payload["results"]) == payload["accounting"]["scored"] > 200


def test_validate_keeps_its_exit_status_and_files_written_by_score_are_complete(tmp_path):
    bad = tmp_path / "liste.csv"
    bad.write_text("Kunden-Nr.;Kunde;Kaufhistorie (0-10)\nK1;A;5\nK2;B;15\n", encoding="utf-8")
    proc = _run("validate", str(bad))
    assert proc.returncode == 1 and "TEARDOWN" not in proc.stderr, proc.stderr
    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    for out in (out_csv, out_xlsx):
        proc = _run("score", str(SAMPLE), "--out", str(out))
        assert proc.returncode == 0 and "TEARDOWN" not in proc.stderr, proc.stderr
    rows = list(csv.reader(out_csv.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) > 200
    wb = openpyxl.load_workbook(out_xlsx, read_only=True)
    assert wb.worksheets[0].max_row > 200


def test_a_profiled_command_ends_the_normal_way_so_the_profile_is_written(tmp_path):
    out = tmp_path / "cli.prof"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "kundenwert", "validate",
                           str(SAMPLE)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 0


def test_the_scenario_library_command_ends_the_normal_way(tmp_path):
    proc = _run("scenarios", "list", "--db", str(tmp_path / "lib.sqlite"))
    assert proc.returncode == 0, proc.stderr
    assert "TEARDOWN" in proc.stderr


# ------------------------------------------------------------------------- JSON rows


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_json_rows_are_the_rows_as_json_dumps_writes_them(data):
    """Records.json_rows (column texts put in place, one join) writes each row as json.dumps writes the dict
    (NaN/inf as null), rows separated by ", ", for any slice."""
    import math

    import pandas as pd

    from kundenwert.cli import Records

    n = data.draw(st.integers(0, 30))
    strings = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
    columns = {
        'id "quoted"': pd.Series(data.draw(st.lists(strings, min_size=n, max_size=n)), dtype="str"),
        "score": pd.Series(data.draw(st.lists(st.floats(), min_size=n, max_size=n)), dtype=float),
        "rank": pd.Series(data.draw(st.lists(st.integers(-10**12, 10**12), min_size=n, max_size=n)), dtype="int64"),
        "ok%s": pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        "flags": pd.Series(data.draw(st.lists(st.sampled_from([[], ["a"], ["b", "c"]]), min_size=n, max_size=n)),
                           dtype=object),
    }
    start = data.draw(st.integers(0, n + 2))
    stop = data.draw(st.integers(0, n + 3))
    rows = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in
             zip(columns, values, strict=True)} for values in zip(*(c.tolist() for c in columns.values()), strict=True)]
    want = ", ".join(json.dumps(r, ensure_ascii=False) for r in rows[start:stop])
    assert Records(columns).json_rows(start, stop) == want


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_records_column_is_what_a_reader_of_the_json_gets(data):
    """Records.column (the human output's columns) gives each value as json.loads of the written JSON does:
    texts, numbers, truth values, null for NaN/inf and for gaps, whatever the column's dtype."""
    import pandas as pd

    from kundenwert.cli import Records

    n = data.draw(st.integers(0, 25))
    strings = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6)
    ints = st.integers(-10**15, 10**15)
    columns = {
        "text": pd.Series(data.draw(st.lists(strings, min_size=n, max_size=n)), dtype="str"),
        "text_gaps": pd.Series(data.draw(st.lists(st.none() | strings, min_size=n, max_size=n)), dtype="str"),
        "float": pd.Series(data.draw(st.lists(st.floats(), min_size=n, max_size=n)), dtype="float64"),
        "int": pd.Series(data.draw(st.lists(ints, min_size=n, max_size=n)), dtype="int64"),
        "Int64": pd.Series(data.draw(st.lists(st.none() | ints, min_size=n, max_size=n)), dtype="Int64"),
        "bool": pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        "object": pd.Series(data.draw(st.lists(st.none() | strings | st.sampled_from([["a"], []]), min_size=n,
                                               max_size=n)), dtype=object),
    }
    records = Records(columns)
    for key in columns:
        want = json.loads(f"[{', '.join(records.json_texts(key))}]")
        got = records.column(key)
        assert got == want and [type(v) for v in got] == [type(v) for v in want], key
