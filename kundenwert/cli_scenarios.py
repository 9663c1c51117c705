"""`python -m kundenwert scenarios …`: the scenario library from the command line.

    scenarios list [--archived] [--json]
    scenarios show NAME_OR_ID [--version N] [--json]
    scenarios save FILE.json --author NAME [--note TEXT] [--name NAME]
    scenarios export NAME_OR_ID [--version N] [--out FILE.json]     (a file `score --scenario` reads)
    scenarios export --all [--out FILE.json]                         (backup: every scenario, every version)
    scenarios import FILE.json --author NAME [--note TEXT] [--name NAME]   (one scenario or a backup)
    scenarios archive NAME_OR_ID
    scenarios restore NAME_OR_ID [--version N --author NAME [--note TEXT]]

Every sub-command takes --db URL (a SQLite path or a SQLAlchemy URL); default: $KUNDENWERT_DB, else
data/kundenwert.db. Errors are one German line and exit status 2 (handled by cli.run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .criteria import label_de
from .errors import KundenwertError, ScenarioError, os_error_text
from .fmt import fmt_num, plural
from .scenario import CLASS_METHOD_LABELS

BACKUP_MAX_BYTES = 20_000_000      # a backup of a few thousand versions; a scenario is under 2 KB


def _version(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"„{text[:40]}“ – erwartet wird eine Versionsnummer ab 1")
    return int(text)


def add_parser(sub, parser_class) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="Datenbank: Pfad einer SQLite-Datei oder SQLAlchemy-URL "
                                 "(Standard: $KUNDENWERT_DB, sonst data/kundenwert.db)")
    p = sub.add_parser("scenarios", help="Szenario-Bibliothek (Datenbank)")
    ssub = p.add_subparsers(dest="action", metavar="AKTION", required=True, parser_class=parser_class)
    a = ssub.add_parser("list", parents=[db], help="gespeicherte Szenarien")
    a.add_argument("--archived", action="store_true", help="auch archivierte zeigen")
    a.add_argument("--json", action="store_true")
    a = ssub.add_parser("show", parents=[db], help="ein Szenario mit seinen Versionen")
    a.add_argument("scenario", metavar="NAME_ODER_ID")
    a.add_argument("--version", type=_version)
    a.add_argument("--json", action="store_true")
    for action, text in (("save", "Szenario-Datei speichern (neue Version)"),
                         ("import", "Szenario-Datei oder Sicherung (export --all) einlesen")):
        a = ssub.add_parser(action, parents=[db], help=text)
        a.add_argument("file", metavar="DATEI.json")
        a.add_argument("--author", required=True)
        a.add_argument("--note", default="")
        a.add_argument("--name", help="unter diesem Namen speichern (Standard: Name in der Datei)")
    a = ssub.add_parser("export", parents=[db], help="Szenario als JSON (für score --scenario) oder alles")
    a.add_argument("scenario", metavar="NAME_ODER_ID", nargs="?")
    a.add_argument("--version", type=_version)
    a.add_argument("--all", action="store_true", help="Sicherung: alle Szenarien mit allen Versionen")
    a.add_argument("--out", metavar="DATEI.json")
    a = ssub.add_parser("archive", parents=[db], help="Szenario archivieren (nichts wird gelöscht)")
    a.add_argument("scenario", metavar="NAME_ODER_ID")
    a = ssub.add_parser("restore", parents=[db],
                        help="aus dem Archiv zurückholen; mit --version: alte Version als neueste speichern")
    a.add_argument("scenario", metavar="NAME_ODER_ID")
    a.add_argument("--version", type=_version)
    a.add_argument("--author")
    a.add_argument("--note", default="")


# ------------------------------------------------------------------------------------ output

def _when(rec) -> str:
    return rec.created_at.strftime("%d.%m.%Y %H:%M UTC")


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _write(text: str, out: str | None) -> None:
    if not out:
        print(text)
        return
    if os.path.isdir(out):
        raise KundenwertError(f"--out: „{out}“ ist ein Ordner – bitte einen Dateinamen angeben.")
    try:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    except OSError as exc:
        raise KundenwertError(f"--out: „{out}“ kann nicht geschrieben werden: {os_error_text(exc)}.") from None
    print(f"Geschrieben: {out}", file=sys.stderr)


# ------------------------------------------------------------------------------------ run

def run_scenarios(args: argparse.Namespace) -> int:
    from .store import SqlStore

    store = SqlStore(args.db)
    try:
        return _ACTIONS[args.action](store, args)
    finally:
        store.close()


def _list(store, args) -> int:
    records = store.list(include_archived=args.archived)
    if args.json:
        print(_dump([r.to_dict() for r in records]))
        return 0
    if not records:
        print("Die Bibliothek ist leer." if args.archived else
              "Keine Szenarien in der Bibliothek (archivierte zeigt --archived).")
        return 0
    rows = [[str(r.id), _short(r.name, 40), str(r.version), _short(r.author, 20), _when(r), _short(r.note, 40)]
            + (["archiviert" if r.archived else ""] if args.archived else []) for r in records]
    headers = ["ID", "Name", "Version", "Autor", "Gespeichert", "Notiz"] + (["Status"] if args.archived else [])
    print(_table(headers, rows))
    print(f"\n{plural(len(records), 'Szenario', 'Szenarien')}")
    return 0


def _show(store, args) -> int:
    rec = store.get(args.scenario, args.version)
    history = store.versions(rec.id)
    if args.json:
        print(_dump(rec.to_dict() | {"history": [
            {"version": r.version, "author": r.author, "created_at": r.created_at.isoformat(), "note": r.note}
            for r in history]}))
        return 0
    print(f"Szenario „{rec.name}“ (ID {rec.id}), Version {rec.version} von {rec.versions}"
          + (" – archiviert" if rec.archived else ""))
    print(f"Gespeichert: {_when(rec)} von {rec.author}" + (f"\nNotiz: {rec.note}" if rec.note else ""))
    scn = rec.scenario
    print("\nGewichte:")
    for key in sorted(scn.to_dict()["weights"]):
        direction = " (hoch = schlecht)" if scn.is_reversed(key) else ""
        print(f"  {label_de(key)}: {fmt_num(scn.weight(key), 1)}{direction}")
    a, b = scn.thresholds
    print(f"Klassen: {CLASS_METHOD_LABELS[scn.class_method]} (A {fmt_num(a, 1)}, B {fmt_num(b, 1)})")
    print("\nVersionen:")
    print(_table(["Version", "Autor", "Gespeichert", "Notiz"],
                 [[str(r.version), _short(r.author, 20), _when(r), _short(r.note, 50)] for r in history]))
    return 0


def _save(store, args) -> int:
    from .cli import _read_scenario

    scenario = _read_scenario(args.file)
    rec = store.save(args.name or scenario.name, scenario, args.author, args.note)
    print(f"Gespeichert: „{rec.name}“ Version {rec.version} (ID {rec.id}).")
    return 0


def _import(store, args) -> int:
    from .cli import _parse_scenario, _read_small_file, _scenario_label
    from .store import is_backup, restore_backup

    label = _scenario_label(args.file)
    data = _read_small_file(args.file, BACKUP_MAX_BYTES, label)
    if len(data) > BACKUP_MAX_BYTES:
        raise ScenarioError(f"{label} ist zu groß (mehr als {BACKUP_MAX_BYTES // 1_000_000} MB).")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        parsed = None     # the scenario parser below names the problem
    if is_backup(parsed):
        if args.name:
            raise KundenwertError("--name passt nicht zu einer Sicherung mit mehreren Szenarien.")
        added = restore_backup(store, parsed, args.author)
        print(f"Eingelesen: {plural(added, 'Version', 'Versionen')} aus {label}.")
        return 0
    scenario = _parse_scenario(data, label)
    rec = store.save(args.name or scenario.name, scenario, args.author, args.note)
    print(f"Eingelesen: „{rec.name}“ Version {rec.version} (ID {rec.id}).")
    return 0


def _export(store, args) -> int:
    from .store import backup

    if args.all:
        if args.scenario or args.version:
            raise KundenwertError("--all exportiert alle Szenarien – bitte ohne Namen und --version.")
        _write(_dump(backup(store)), args.out)
        return 0
    if not args.scenario:
        raise KundenwertError("export: bitte Name oder ID eines Szenarios angeben (oder --all).")
    _write(store.get(args.scenario, args.version).scenario.to_json(), args.out)
    return 0


def _archive(store, args) -> int:
    rec = store.get(args.scenario)
    store.archive(rec.id)
    print(f"Archiviert: „{rec.name}“ (zurückholen: scenarios restore {rec.id}).")
    return 0


def _restore(store, args) -> int:
    if args.version is None:
        rec = store.get(args.scenario)
        store.restore(rec.id)
        print(f"Aus dem Archiv zurück: „{rec.name}“.")
        return 0
    if not args.author:
        raise KundenwertError("restore --version speichert eine neue Version – bitte --author angeben.")
    rec = store.restore_version(args.scenario, args.version, args.author, args.note)
    print(f"Version {args.version} von „{rec.name}“ als Version {rec.version} gespeichert.")
    return 0


_ACTIONS = {"list": _list, "show": _show, "save": _save, "import": _import, "export": _export,
            "archive": _archive, "restore": _restore}
