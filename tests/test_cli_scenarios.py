"""`python -m kundenwert scenarios …`: the scenario library from the command line (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from kundenwert.cli import run
from kundenwert.scenario import PRESETS, Scenario
from tests.test_cli import SAMPLE, cli, one_german_line
from tests.test_store import _fresh_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "bibliothek.db")
    return _fresh_pg_database(request.getfixturevalue("postgres_server"))


def sc(capsys, db: str, *args: str) -> tuple[int, str, str]:
    code = run(["scenarios", *args, "--db", db])
    out = capsys.readouterr()
    return code, out.out, out.err


def scenario_file(tmp_path, scenario: Scenario, name: str = "s.json"):
    path = tmp_path / name
    path.write_text(scenario.to_json(), encoding="utf-8")
    return str(path)


def test_save_list_show_versions(tmp_path, capsys, db):
    profit = scenario_file(tmp_path, PRESETS["profit"], "p.json")
    risk = scenario_file(tmp_path, PRESETS["risk"], "r.json")
    assert sc(capsys, db, "save", profit, "--author", "Anna", "--note", "für Q3", "--name", "Team")[1] == \
        "Gespeichert: „Team“ Version 1 (ID 1).\n"
    assert sc(capsys, db, "save", risk, "--author", "Bernd", "--name", "Team")[1] == \
        "Gespeichert: „Team“ Version 2 (ID 1).\n"
    assert "„Gewinn zuerst“ Version 1 (ID 2)" in sc(capsys, db, "save", profit, "--author", "Anna")[1]
    code, out, _ = sc(capsys, db, "list")
    assert code == 0 and out.splitlines()[0].split() == ["ID", "Name", "Version", "Autor", "Gespeichert", "Notiz"]
    assert "2 Szenarien" in out and "Team" in out
    listed = json.loads(sc(capsys, db, "list", "--json")[1])
    assert [(r["name"], r["version"], r["versions"], r["author"]) for r in listed] == [
        ("Gewinn zuerst", 1, 1, "Anna"), ("Team", 2, 2, "Bernd")]
    shown = json.loads(sc(capsys, db, "show", "Team", "--version", "1", "--json")[1])
    assert shown["version"] == 1 and shown["note"] == "für Q3" and shown["scenario"]["weights"] == \
        {k: float(v) for k, v in PRESETS["profit"].to_dict()["weights"].items()}
    assert [(h["version"], h["author"]) for h in shown["history"]] == [(1, "Anna"), (2, "Bernd")]
    text = sc(capsys, db, "show", "1")[1]
    assert "Szenario „Team“ (ID 1), Version 2 von 2" in text and "Bonität: 10,0" in text
    assert "Score-Schwellen (A 7,0, B 4,0)" in text


def test_export_is_a_file_score_accepts(tmp_path, capsys, db):
    scn = Scenario(name="x", weights={"image": 10.0, "referral": 0.0})
    sc(capsys, db, "save", scenario_file(tmp_path, scn), "--author", "Anna", "--name", "Bild")
    sc(capsys, db, "save", scenario_file(tmp_path, PRESETS["risk"]), "--author", "Anna", "--name", "Bild")
    out = tmp_path / "export.json"
    code, _, err = sc(capsys, db, "export", "Bild", "--version", "1", "--out", str(out))
    assert code == 0 and err == f"Geschrieben: {out}\n"
    assert Scenario.from_json(out.read_bytes()).weights["image"] == 10.0
    assert json.loads(sc(capsys, db, "export", "Bild")[1])["weights"] == \
        {k: float(v) for k, v in PRESETS["risk"].to_dict()["weights"].items()}
    assert run(["score", str(SAMPLE), "--scenario", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["scenario"]["name"] == "Bild" and payload["scenario"]["weights"]["image"] == 10.0


def test_archive_and_restore_and_restore_an_old_version(tmp_path, capsys, db):
    sc(capsys, db, "save", scenario_file(tmp_path, PRESETS["profit"]), "--author", "Anna", "--name", "A")
    sc(capsys, db, "save", scenario_file(tmp_path, PRESETS["risk"]), "--author", "Anna", "--name", "A")
    assert sc(capsys, db, "archive", "A")[1] == "Archiviert: „A“ (zurückholen: scenarios restore 1).\n"
    assert json.loads(sc(capsys, db, "list", "--json")[1]) == []
    archived = json.loads(sc(capsys, db, "list", "--archived", "--json")[1])
    assert [(r["name"], r["archived"]) for r in archived] == [("A", True)]
    assert "archiviert" in sc(capsys, db, "list", "--archived")[1]
    assert sc(capsys, db, "restore", "1")[1] == "Aus dem Archiv zurück: „A“.\n"
    assert [r["name"] for r in json.loads(sc(capsys, db, "list", "--json")[1])] == ["A"]
    code, out, _ = sc(capsys, db, "restore", "A", "--version", "1", "--author", "Carla")
    assert code == 0 and out == "Version 1 von „A“ als Version 3 gespeichert.\n"
    latest = json.loads(sc(capsys, db, "show", "A", "--json")[1])
    assert latest["version"] == 3 and latest["author"] == "Carla" and latest["note"] == "Wiederhergestellt aus Version 1"
    assert latest["scenario"]["weights"]["contribution_margin"] == 10.0


def test_backup_export_and_import_into_another_database(tmp_path, capsys, db):
    sc(capsys, db, "save", scenario_file(tmp_path, PRESETS["profit"]), "--author", "Anna", "--note", "n1",
       "--name", "A")
    sc(capsys, db, "save", scenario_file(tmp_path, PRESETS["risk"]), "--author", "Bernd", "--name", "A")
    sc(capsys, db, "save", scenario_file(tmp_path, PRESETS["loyalty"]), "--author", "Carla", "--name", "B")
    sc(capsys, db, "archive", "B")
    backup = tmp_path / "sicherung.json"
    assert sc(capsys, db, "export", "--all", "--out", str(backup))[0] == 0
    other = str(tmp_path / "andere.db")
    code, out, _ = sc(capsys, other, "import", str(backup), "--author", "Import")
    assert code == 0 and out == "Eingelesen: 3 Versionen aus Szenario-Datei „sicherung.json“.\n"
    original = json.loads(sc(capsys, db, "export", "--all")[1])
    copied = json.loads(sc(capsys, other, "export", "--all")[1])
    assert copied == original                    # authors, times, notes, archive state: all kept
    # a single scenario file imports as a new version under its name
    code, out, _ = sc(capsys, other, "import", scenario_file(tmp_path, PRESETS["balanced"]), "--author", "Dora",
                      "--name", "A")
    assert code == 0 and out == "Eingelesen: „A“ Version 3 (ID 1).\n"


def test_the_environment_setting_and_db_overrides_it(tmp_path, capsys, monkeypatch):
    env_db, flag_db = tmp_path / "env.db", tmp_path / "flag.db"
    monkeypatch.setenv("KUNDENWERT_DB", str(env_db))
    path = scenario_file(tmp_path, PRESETS["profit"])
    assert run(["scenarios", "save", path, "--author", "Anna"]) == 0
    assert run(["scenarios", "save", path, "--author", "Anna", "--db", str(flag_db)]) == 0
    capsys.readouterr()
    assert run(["scenarios", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1 and env_db.is_file() and flag_db.is_file()


def test_an_empty_library(tmp_path, capsys):
    assert sc(capsys, str(tmp_path / "leer.db"), "list")[1].startswith("Keine Szenarien in der Bibliothek")


@pytest.mark.parametrize(("args", "expected"), [
    (["show", "Nichts"], "Szenario „Nichts“ gibt es nicht in der Bibliothek."),
    (["show", "A", "--version", "7"], "Szenario „A“ hat keine Version 7."),
    (["show", "A", "--version", "0"], "--version: „0“ – erwartet wird eine Versionsnummer ab 1"),
    (["save", "{missing}", "--author", "Anna"], "kann nicht gelesen werden: nicht gefunden"),
    (["save", "{scenario}", "--author", " "], "Autor fehlt"),
    (["save", "{scenario}"], "--author"),
    (["save", "{bad}", "--author", "Anna"], "Gewicht für „image“ muss eine Zahl von 0 bis 10 sein"),
    (["import", "{bad}", "--author", "Anna"], "Gewicht für „image“ muss eine Zahl von 0 bis 10 sein"),
    ([], "es fehlt die Angabe AKTION"),
    (["frob"], "AKTION: 'frob' ist nicht möglich"),
    (["export"], "bitte Name oder ID eines Szenarios angeben"),
    (["export", "A", "--out", "{tmp}"], "ist ein Ordner"),
    (["restore", "A", "--version", "1"], "bitte --author angeben"),
    (["list", "--db", "postgresql://kw:geheim@127.0.0.1:1/kw"], "ist nicht erreichbar"),
    (["list", "--db", "mysql+nosuchdriver://x/y"], "nicht unterstützt"),
    (["list", "--db", "postgresql://host:port/x"], "Ungültige Datenbank-Adresse"),
])
def test_errors_are_one_german_line_exit_2(tmp_path, args, expected):
    db = str(tmp_path / "lib.db")
    scenario = scenario_file(tmp_path, PRESETS["profit"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"weights": {"image": 11}}', encoding="utf-8")
    assert run(["scenarios", "save", scenario, "--author", "A", "--name", "A", "--db", db]) == 0
    args = [a.format(missing=tmp_path / "fehlt.json", scenario=scenario, bad=bad, tmp=tmp_path) for a in args]
    if args and args[0] != "frob" and "--db" not in args:
        args += ["--db", db]
    line = one_german_line(cli("scenarios", *args))
    assert expected in line and "geheim" not in line


def test_a_read_only_database_can_be_listed_but_not_written(tmp_path, capsys):
    path = tmp_path / "lib.db"
    scenario = scenario_file(tmp_path, PRESETS["profit"])
    assert run(["scenarios", "save", scenario, "--author", "Anna", "--db", str(path)]) == 0
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    capsys.readouterr()
    assert run(["scenarios", "list", "--json", "--db", ro]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    line = one_german_line(cli("scenarios", "save", scenario, "--author", "Bernd", "--db", ro))
    assert "schreibgeschützt" in line
