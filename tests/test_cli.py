"""The command line: JSON keys, exit codes, one-line errors, readable tables, exports."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.cli import run
from tests.files import RATING_HEADERS, messy_xlsx, simple_rows, write, xlsx_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kundenwert", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = run([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_score_sample_json_accounts_for_every_row():
    proc = cli("score", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    p = json.loads(proc.stdout)
    for key in ("customers", "not_scorable", "rejected_rows", "classes", "results"):
        assert key in p
    acc = p["accounting"]
    assert acc["scored"] + acc["not_scorable"] + acc["rejected"] + acc["skipped"] == acc["rows_read"]
    assert p["customers"] == len(p["results"]) == acc["scored"]
    assert sum(p["classes"].values()) == p["customers"]
    first = p["results"][0]
    assert set(first) >= {"id", "name", "score", "value_eur", "class", "rank"}
    assert [r["rank"] for r in p["results"]] == list(range(1, len(p["results"]) + 1))
    scores = [r["score"] for r in p["results"]]
    assert scores == sorted(scores, reverse=True)


def test_score_messy_list(tmp_path, capsys):
    path = write(tmp_path / "messy.xlsx", messy_xlsx())
    code, p = run_json(capsys, "score", str(path))
    assert code == 0
    assert p["header_row"] == 3
    assert p["accounting"] == {"rows_read": 14, "scored": 9, "not_scorable": 1, "rejected": 2, "skipped": 2}
    assert {r["row"] for r in p["rejected_rows"]} == {8, 13}
    assert any("J8" in r["reason"] for r in p["rejected_rows"])
    assert any("Zeile 5" in r["reason"] for r in p["rejected_rows"] if r["row"] == 13)
    assert [r["row"] for r in p["not_scorable_rows"]] == [7]
    skipped = {r["row"]: r["reason"] for r in p["skipped_rows"]}
    assert skipped[10] == "leere Zeile" and "Summenzeile" in skipped[17]
    incomplete = [r for r in p["results"] if r["incomplete"]]
    assert [r["row"] for r in incomplete] == [6]
    assert len(p["criteria"]) == 12


def test_validate_messy_list_names_cells(tmp_path, capsys):
    path = write(tmp_path / "messy.xlsx", messy_xlsx())
    code, p = run_json(capsys, "validate", str(path))
    assert code == 1 and p["ok"] is False
    assert any("J8" in e["message"] for e in p["errors"])
    assert any(w["row"] == 6 and w["column"] == "G" for w in p["warnings"])
    used = {c["header"]: c["used_as"] for c in p["columns"]}
    assert used["Kd.-Nr."] == "id" and used["Notiz"] is None


def test_validate_clean_list_is_ok(tmp_path, capsys):
    path = write(tmp_path / "ok.xlsx", xlsx_bytes(simple_rows(4)))
    code, p = run_json(capsys, "validate", str(path))
    assert code == 0 and p["ok"] is True and p["errors"] == []


def test_matrix_json_on_sample():
    proc = cli("matrix", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    p = json.loads(proc.stdout)
    assert p["own_data"] is True and len(p["cells"]) == 4
    for cell in p["cells"]:
        assert set(cell) >= {"sale_satisfied", "aftersales_satisfied", "customers", "repurchasers", "rate",
                             "ci_low", "ci_high", "study_rate"}
        assert cell["ci_low"] <= cell["rate"] <= cell["ci_high"]


def test_matrix_without_columns_gives_study(tmp_path, capsys):
    path = write(tmp_path / "ok.xlsx", xlsx_bytes(simple_rows(4)))
    code, p = run_json(capsys, "matrix", str(path))
    assert code == 0 and p["own_data"] is False
    assert sorted(c["study_rate"] for c in p["cells"]) == [0.03, 0.14, 0.45, 0.93]


def test_unreadable_file_exits_2_with_one_line(tmp_path):
    path = write(tmp_path / "kaputt.xlsx", b"%PDF-1.7 not a workbook" * 10)
    proc = cli("score", str(path), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    missing = cli("validate", str(tmp_path / "gibtsnicht.xlsx"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_human_output_is_a_table(tmp_path, capsys):
    path = write(tmp_path / "messy.xlsx", messy_xlsx())
    assert run(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Rang" in out and "Kunde A GmbH" in out and "Abgelehnte Zeilen" in out
    assert "Gelesen: 14 Zeilen = 9 bewertet + 1 nicht bewertbar + 2 abgelehnt + 2 übersprungen" in out


def test_scenario_file_changes_the_result(tmp_path, capsys):
    path = write(tmp_path / "ok.xlsx", xlsx_bytes(simple_rows(8)))
    scen = write(tmp_path / "s.json", json.dumps({"name": "Nur Bonität", "weights": {
        **{k: 0 for k in ("purchase_history", "contribution_margin", "image", "referral", "future_prospects",
                          "price_sensitivity", "bargain_hunting", "payment_behaviour", "service_effort",
                          "likeability", "complaint_rate")}, "creditworthiness": 10}}))
    code, p = run_json(capsys, "score", str(path), "--scenario", str(scen))
    assert code == 0
    ratings = {f"K{i + 1:03d}": float((i + 8) % 11) for i in range(8)}  # Bonität is the 9th criterion
    assert {r["id"]: r["score"] for r in p["results"]} == pytest.approx(ratings)
    bad = write(tmp_path / "bad.json", '{"weights": {"image": 99}}')
    assert run(["score", str(path), "--scenario", str(bad)]) == 2


def test_out_xlsx_and_csv_are_injection_safe(tmp_path):
    rows = simple_rows(3)
    rows[1][1] = '=HYPERLINK("http://evil","klick")'
    rows[2][1] = "-Minus GmbH"
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.active["B2"].data_type = "s"  # text that looks like a formula, as a user typed it with a leading '
    wb.save(tmp_path / "in.xlsx")
    path = tmp_path / "in.xlsx"
    out_x = tmp_path / "out.xlsx"
    assert run(["score", str(path), "--out", str(out_x)]) == 0
    ws = openpyxl.load_workbook(out_x)["Ergebnis"]
    names = [ws.cell(r, 3).value for r in range(2, 5)]
    assert '=HYPERLINK("http://evil","klick")' in names
    assert all(ws.cell(r, 3).data_type == "s" for r in range(2, 5))
    out_c = tmp_path / "out.csv"
    assert run(["score", str(path), "--out", str(out_c)]) == 0
    with open(out_c, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    names = [r[2] for r in table[1:]]
    assert "'=HYPERLINK(\"http://evil\",\"klick\")" in names and "'-Minus GmbH" in names
    assert "," in table[1][3]  # German decimal comma in the score


HOSTILE = {
    "random.xlsx": "random_bytes", "doc.xlsx": "pdf", "word.xlsx": "docx_like", "kaputt.xlsx": "truncated_xlsx",
    "geschuetzt.xlsx": "encrypted_xlsx", "alt.xls": "legacy_xls", "lachen.xlsx": "billion_laughs_xlsx",
    "extern.xlsx": "external_entity_xlsx", "riesig.xlsx": "xfd_xlsx", "fern.xlsx": "out_of_order_rows_xlsx",
    "strings.xlsx": "unique_count_xlsx",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_in_one_line(tmp_path, name):
    import tests.hostile_files as hostile

    path = write(tmp_path / name, getattr(hostile, HOSTILE[name])())
    command = "validate" if name.startswith(("r", "f")) else "score"
    proc = subprocess.run([sys.executable, "-m", "kundenwert", command, str(path), "--json"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)  # a guard against hanging, not a benchmark
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and name in lines[0], proc.stderr


def test_zip_bomb_is_refused_by_the_cli(tmp_path, monkeypatch):
    import tests.hostile_files as hostile
    from kundenwert.ingest import safety

    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024)
    path = write(tmp_path / "bombe.xlsx", hostile.zip_bomb_xlsx(64))
    assert run(["validate", str(path)]) == 2


def test_output_into_a_closed_pipe_is_no_traceback():
    proc = subprocess.run(f'"{sys.executable}" -m kundenwert score "{SAMPLE}" | head -c 20', shell=True,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stdout.startswith("Datei: kundenliste")
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


# ------------------------------------------------------------------------ bounded resources (issue 14)

ENGLISH = ("Traceback", "Error", "Expecting", "Is a directory", "No such file", "not JSON compliant", "Warning",
           "usage:", "argument", "invalid")


def one_german_line(proc: subprocess.CompletedProcess) -> str:
    """The command failed with status 2 and exactly one German line on stderr; returns that line."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: "), proc.stderr[-2000:]
    assert not any(word in lines[0] for word in ENGLISH), lines[0]
    return lines[0]


SCENARIO_FILES = {
    "huge_number.json": ('{"euro_per_point": 1' + "0" * 400 + "}", "euro_per_point"),
    "huge_weight.json": ('{"weights": {"image": ' + "9" * 400 + "}}", "Gewicht für „image“"),
    "huge_threshold.json": ('{"thresholds": [1' + "0" * 400 + ", 4]}", "thresholds"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "zu tief verschachtelt"),
    "deep_object.json": ('{"a":' * 30_000 + "1" + "}" * 30_000, "zu tief verschachtelt"),
    "too_large.json": ('{"name": "x", "note": "' + "x" * 300_000 + '"}', "mehr als 200 KB"),
    "syntax.json": ('{\n  "name": "x",\n  weights: {}\n}', "Zeile 3, Spalte 3"),
    "nan.json": ('{"thresholds": [NaN, 4]}', "NaN"),
    "infinity.json": ('{"euro_per_point": Infinity}', "Infinity"),
    "float_overflow.json": ('{"retention": 1e400}', "retention"),
    "trailing.json": ('{"name": "x"} und mehr', "Zeile 1, Spalte 15"),
    "long_name.json": ('{"name": "' + "x" * 100_000 + '"}', "zu lang"),
}


@pytest.mark.parametrize("name", sorted(SCENARIO_FILES))
def test_bad_scenario_file_is_one_german_line(tmp_path, name):
    text, expected = SCENARIO_FILES[name]
    path = write(tmp_path / name, text)
    line = one_german_line(cli("score", str(SAMPLE), "--scenario", str(path), "--json"))
    assert f"„{name}“" in line and expected in line, line


def test_scenario_path_that_is_no_file_is_one_german_line(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path, expected in ((tmp_path, "keine normale Datei"), (fifo, "keine normale Datei"),
                           (tmp_path / "fehlt.json", "nicht gefunden"), (Path("/dev/zero"), "keine normale Datei")):
        line = one_german_line(cli("score", str(SAMPLE), "--scenario", str(path)))
        assert expected in line, line


def test_out_into_missing_folder_or_onto_a_folder_is_one_german_line(tmp_path):
    (tmp_path / "ordner.xlsx").mkdir()
    (tmp_path / "ordner.csv").mkdir()
    cases = {str(tmp_path / "fehlt" / "x.xlsx"): "gibt es nicht", str(tmp_path / "fehlt" / "x.csv"): "gibt es nicht",
             str(tmp_path / "ordner.xlsx"): "ist ein Ordner", str(tmp_path / "ordner.csv"): "ist ein Ordner",
             str(tmp_path): "unbekanntes Format"}
    for out, expected in cases.items():
        line = one_german_line(cli("score", str(SAMPLE), "--out", out))
        assert expected in line, line


def test_out_that_cannot_be_created_is_one_german_line(tmp_path):
    """An error while writing (here: the target name is too long) is German, not xlsxwriter's FileCreateError."""
    for ext in (".xlsx", ".csv"):
        line = one_german_line(cli("score", str(SAMPLE), "--out", str(tmp_path / ("x" * 300 + ext))))
        assert "Name ist zu lang" in line, line


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "11", "10.5", "abc", "1e400"])
def test_matrix_satisfied_from_outside_0_to_10_is_one_german_line(value):
    line = one_german_line(cli("matrix", str(SAMPLE), f"--satisfied-from={value}", "--json"))
    assert "0 bis 10" in line and "--satisfied-from" in line


def test_matrix_satisfied_from_inside_the_scale_works(capsys):
    code, p = run_json(capsys, "matrix", str(SAMPLE), "--satisfied-from", "7.5")
    assert code == 0 and p["satisfied_from"] == 7.5


@pytest.mark.parametrize("args", [["score"], ["score", "x.xlsx", "--bogus"], ["frobnicate"],
                                  ["score", "x.xlsx", "--csv-style", "fr"]])
def test_usage_errors_are_one_german_line(args):
    one_german_line(cli(*args))


def _huge_margin_list(tmp_path) -> Path:
    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", "Deckungsbeitrag (€)", *RATING_HEADERS[:3]],
            ["K1", "A", 1e308, 1e308, 5, 6, 7], ["K2", "B", 1e308, 1e308, 8, 6, 7], ["K3", "C", 100, 10, 2, 3, 4]]
    return write(tmp_path / "riesig.xlsx", xlsx_bytes(rows))


def _reject_constant(name):
    raise AssertionError(f"{name} in JSON output")


def test_json_output_never_contains_inf_or_nan(tmp_path):
    """1e308 € in two rows: an absurd amount is a finding of its cell (read as missing), never inf in JSON."""
    path = _huge_margin_list(tmp_path)
    proc = cli("score", str(path), "--json")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    p = json.loads(proc.stdout, parse_constant=_reject_constant)
    assert p["customers"] == 3 and math.isfinite(p["euro_per_point"]) and math.isfinite(p["total_value_eur"])
    assert [r["id"] for r in p["results"]] == ["K2", "K1", "K3"]
    v = json.loads(cli("validate", str(path), "--json").stdout, parse_constant=_reject_constant)
    flagged = {(w["row"], w["column"]) for w in v["warnings"] + v["info"]}
    assert {(2, "C"), (2, "D"), (3, "C"), (3, "D")} <= flagged


def test_text_output_survives_inf(tmp_path):
    proc = cli("score", str(_huge_margin_list(tmp_path)))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "K2" in proc.stdout and "Traceback" not in proc.stdout


def test_column_wise_json_equals_json_dumps():
    """write_json writes Records column-wise; the text is exactly what json.dumps writes for the dicts."""
    import io

    import numpy as np
    import pandas as pd

    from kundenwert.cli import Records, write_json

    rec = Records({
        "text": pd.Series(['a"b', "ä\n\x01\u2028", None, "%s", "=1+1"], dtype="str"),
        "float": pd.Series([1.5, np.inf, np.nan, 1e308, -0.0]),
        "int": pd.Series([1, None, 3, 4, 2**40], dtype="Int64"),
        "int_full": pd.Series([1, 2, 3, 4, 5], dtype="Int64"),
        "nullable_float": pd.Series([1.5, None, 3, 4, 5], dtype="Float64"),
        "nullable_bool": pd.Series([True, None, False, True, False], dtype="boolean"),
        "bool": [True, False, True, False, True],
        "mixed": pd.Series([1, "a", 2.5, np.float64("nan"), np.int64(7)], dtype=object),
        "%key": np.arange(5),
    })
    buf = io.StringIO()
    write_json({"x": [1.0, float("nan"), float("-inf")], "rows": rec, "nested": {"again": rec}}, buf)
    expected = [{k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in d.items()}
                for d in rec]
    assert buf.getvalue() == json.dumps({"x": [1.0, None, None], "rows": expected, "nested": {"again": expected}},
                                        ensure_ascii=False) + "\n"
    assert rec[1]["float"] is None and rec[3]["mixed"] is None and rec[4]["mixed"] == 7 and len(rec) == 5
    assert json.loads(buf.getvalue())["rows"][1]["int"] is None


# Regular files only (issue 14): the check lives in kundenwert.ingest; the command line reports its error.


def _cli_bounded(*args: str) -> subprocess.CompletedProcess:
    """The CLI with 10 s and 2 GB address space, so that a hanging or swelling read fails the test quickly."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, "-m", "kundenwert", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=10, preexec_fn=limit)


@pytest.mark.parametrize("command", ["score", "validate", "matrix"])
@pytest.mark.parametrize("kind", ["directory", "dev_zero", "fifo", "missing"])
def test_input_that_is_no_regular_file_is_one_german_line(tmp_path, command, kind):
    if kind == "directory":
        path = tmp_path / "liste.xlsx"
        path.mkdir()
    elif kind == "fifo":
        path = tmp_path / "liste.csv"
        os.mkfifo(path)
    elif kind == "dev_zero":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "fehlt.xlsx"
    line = one_german_line(_cli_bounded(command, str(path), "--json"))
    assert "Arbeitsspeicher" not in line, line      # refused as no regular file, not after reading gigabytes


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
                          st.one_of(st.none(), st.text(max_size=20)),
                          st.one_of(st.none(), st.integers(min_value=-(2**62), max_value=2**62))),
                min_size=0, max_size=60))
def test_json_output_is_strict_json_for_any_values(rows):
    """Whatever numbers and texts a result holds, the written JSON parses strictly and says null for NaN/±inf."""
    import io

    import pandas as pd

    from kundenwert.cli import Records, write_json

    rec = Records({"f": pd.Series([r[0] for r in rows], dtype="float64"),
                   "t": pd.Series([r[1] for r in rows], dtype="str"),
                   "i": pd.Series([r[2] for r in rows], dtype="Int64")})
    rec.CHUNK = 7                                           # several slices
    buf = io.StringIO()
    write_json({"total": sum(r[0] for r in rows) if rows else 0.0, "rows": rec}, buf)
    back = json.loads(buf.getvalue(), parse_constant=_reject_constant)
    assert len(back["rows"]) == len(rows)
    for (f, t, i), got in zip(rows, back["rows"], strict=True):
        assert got["f"] == (f if math.isfinite(f) else None)
        assert got["t"] == t and got["i"] == i


def test_score_passes_the_users_settings_to_json_and_excel(tmp_path):
    """--min-order-value changes the flags in the JSON and in the Excel report alike (one flags rule)."""
    from tests.report_lists import report_list_xlsx

    path = write(tmp_path / "liste.xlsx", report_list_xlsx())
    default = json.loads(cli("score", str(path), "--json").stdout)
    out = tmp_path / "bericht.xlsx"
    proc = cli("score", str(path), "--json", "--min-order-value", "400", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    p = json.loads(proc.stdout)
    assert p["settings"]["min_order_revenue"] == 400.0 != default["settings"]["min_order_revenue"]
    low = {r["id"] for r in p["results"] if "low_order_revenue" in r["flags"]}
    low_default = {r["id"] for r in default["results"] if "low_order_revenue" in r["flags"]}
    assert low and low < low_default
    ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and "Hinweise" in r)
    ids, hints = rows[header].index("Kunden-Nr."), rows[header].index("Hinweise")
    flagged = {r[ids] for r in rows[header + 1:] if r[hints] and "Mindest" in str(r[hints])}
    assert flagged == low


def test_min_order_value_must_be_an_amount(tmp_path):
    path = write(tmp_path / "liste.xlsx", messy_xlsx())
    proc = cli("score", str(path), "--min-order-value", "-5")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Betrag" in proc.stderr


def test_validate_takes_a_scenario_and_counts_as_score_does(tmp_path):
    path = write(tmp_path / "liste.xlsx", messy_xlsx())
    scen = tmp_path / "s.json"
    scen.write_text(json.dumps({"name": "nur Image", "weights": {k: 0 for k in (
        "purchase_history", "contribution_margin", "referral", "future_prospects", "price_sensitivity",
        "bargain_hunting", "payment_behaviour", "creditworthiness", "service_effort", "likeability",
        "complaint_rate")}}))
    v = json.loads(cli("validate", str(path), "--json", "--scenario", str(scen)).stdout)
    s = json.loads(cli("score", str(path), "--json", "--scenario", str(scen)).stdout)
    plain = json.loads(cli("validate", str(path), "--json").stdout)
    assert v["accounting"] == s["accounting"]
    rows = [r["row"] for r in v["not_scorable_rows"]]
    assert rows == [r["row"] for r in s["not_scorable_rows"]] == [6]      # row 6 lacks the image rating
    assert [r["row"] for r in plain["not_scorable_rows"]] == [7]


def test_validate_text_cuts_a_very_long_header(tmp_path):
    rows = [["Kunden-Nr.", "Kunde", "Bonität" + "." * 32_000, "Zahlungsmoral"], ["K1", "A", 15, 5], ["K2", "B", 4, 5]]
    proc = cli("validate", str(write(tmp_path / "punkte.xlsx", xlsx_bytes(rows))))
    assert proc.returncode == 1 and "." * 100 not in proc.stdout and "Bonität....." in proc.stdout
