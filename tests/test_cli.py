"""The command line: JSON keys, exit codes, one-line errors, readable tables, exports."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from kundenwert.cli import run
from tests.files import messy_xlsx, simple_rows, write, xlsx_bytes

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
