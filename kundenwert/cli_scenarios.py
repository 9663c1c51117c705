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
data/kundenwert.db. Errors are one line (German, or English with --lang en) and exit status 2 (handled by
cli.run); text output follows --lang, JSON keys stay English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .cli_args import usage_lang
from .criteria import label
from .errors import KundenwertError, ScenarioError, os_error_text
from .findings import clip
from .fmt import fmt_num
from .i18n import Phrase, date_text, text

BACKUP_MAX_BYTES = 20_000_000      # a backup of a few thousand versions; a scenario is under 2 KB


def _version(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(text("scenarios.arg.version", usage_lang(), value=value[:40]))
    return int(value)


def add_parser(sub, parser_class) -> None:
    from .cli_args import _add_lang

    lang = usage_lang()

    def h(key: str) -> str:
        return text(f"scenarios.help.{key}", lang)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help=h("db"))
    _add_lang(db, lang)
    name_or_id, file_ = h("name_or_id"), h("file")
    p = sub.add_parser("scenarios", help=h("command"))
    ssub = p.add_subparsers(dest="action", metavar=h("action"), required=True, parser_class=parser_class)
    a = ssub.add_parser("list", parents=[db], help=h("list"))
    a.add_argument("--archived", action="store_true", help=h("archived"))
    a.add_argument("--json", action="store_true")
    a = ssub.add_parser("show", parents=[db], help=h("show"))
    a.add_argument("scenario", metavar=name_or_id)
    a.add_argument("--version", type=_version)
    a.add_argument("--json", action="store_true")
    for action in ("save", "import"):
        a = ssub.add_parser(action, parents=[db], help=h(action))
        a.add_argument("file", metavar=file_)
        a.add_argument("--author", required=True)
        a.add_argument("--note", default="")
        a.add_argument("--name", help=h("name"))
    a = ssub.add_parser("export", parents=[db], help=h("export"))
    a.add_argument("scenario", metavar=name_or_id, nargs="?")
    a.add_argument("--version", type=_version)
    a.add_argument("--all", action="store_true", help=h("all"))
    a.add_argument("--out", metavar=file_)
    a = ssub.add_parser("archive", parents=[db], help=h("archive"))
    a.add_argument("scenario", metavar=name_or_id)
    a = ssub.add_parser("restore", parents=[db], help=h("restore"))
    a.add_argument("scenario", metavar=name_or_id)
    a.add_argument("--version", type=_version)
    a.add_argument("--author")
    a.add_argument("--note", default="")


# ------------------------------------------------------------------------------------ output

def _when(rec, lang: str = "de") -> str:
    return text("scenarios.when", lang, date=date_text(rec.created_at, lang), time=rec.created_at.strftime("%H:%M"))


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _write(content: str, out: str | None, lang: str = "de") -> None:
    if not out:
        print(content)
        return
    if os.path.isdir(out):
        raise KundenwertError.keyed("scenarios.out_folder", path=out)
    try:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(content + "\n")
    except OSError as exc:
        error = exc
        raise KundenwertError(text("cli.out_failed", "de", path=out, why=os_error_text(error)),
                              render=lambda lang: text("cli.out_failed", lang, path=out,
                                                       why=os_error_text(error, lang))) from None
    print(text("scenarios.written", lang, path=out), file=sys.stderr)


# ------------------------------------------------------------------------------------ run

def run_scenarios(args: argparse.Namespace) -> int:
    from .store import SqlStore

    store = SqlStore(args.db)
    try:
        return _ACTIONS[args.action](store, args)
    finally:
        store.close()


def _lang(args) -> str:
    return getattr(args, "lang", None) or "de"


def _list(store, args) -> int:
    records = store.list(include_archived=args.archived)
    if args.json:
        print(_dump([r.to_dict() for r in records]))
        return 0
    lang = _lang(args)
    if not records:
        print(text("scenarios.empty_archived" if args.archived else "scenarios.empty", lang))
        return 0
    archived = text("scenarios.archived", lang)
    rows = [[str(r.id), clip(r.name, 40), str(r.version), clip(r.author, 20), _when(r, lang), clip(r.note, 40)]
            + ([archived if r.archived else ""] if args.archived else []) for r in records]
    headers = [text(f"scenarios.col.{k}", lang) for k in ("id", "name", "version", "author", "saved", "note")]
    headers += [text("scenarios.col.status", lang)] if args.archived else []
    print(_table(headers, rows))
    print("\n" + text("scenarios.count", lang, n=len(records)))
    return 0


def _show(store, args) -> int:
    rec = store.get(args.scenario, args.version)
    history = store.versions(rec.id)
    if args.json:
        print(_dump(rec.to_dict() | {"history": [
            {"version": r.version, "author": r.author, "created_at": r.created_at.isoformat(), "note": r.note}
            for r in history]}))
        return 0
    lang = _lang(args)
    print(text("scenarios.show.head", lang, name=rec.name, id=str(rec.id), version=str(rec.version), versions=str(rec.versions))
          + (text("scenarios.show.archived", lang) if rec.archived else ""))
    print(text("scenarios.show.saved", lang, when=_when(rec, lang), author=rec.author)
          + ("\n" + text("scenarios.show.note", lang, note=rec.note) if rec.note else ""))
    scn = rec.scenario
    print("\n" + text("scenarios.show.weights", lang))
    for key in sorted(scn.to_dict()["weights"]):
        direction = text("scenarios.show.reversed", lang) if scn.is_reversed(key) else ""
        print(f"  {label(key, lang)}: {fmt_num(scn.weight(key), 1, lang)}{direction}")
    a, b = scn.thresholds
    print(text("scenarios.show.classes", lang, method=Phrase(f"method.{scn.class_method}"), a=fmt_num(a, 1, lang),
               b=fmt_num(b, 1, lang)))
    print("\n" + text("scenarios.show.versions", lang))
    print(_table([text(f"scenarios.col.{k}", lang) for k in ("version", "author", "saved", "note")],
                 [[str(r.version), clip(r.author, 20), _when(r, lang), clip(r.note, 50)] for r in history]))
    return 0


def _save(store, args) -> int:
    from .cli import _read_scenario

    scenario = _read_scenario(args.file)
    rec = store.save(args.name or scenario.name, scenario, args.author, args.note)
    print(text("scenarios.saved", _lang(args), name=rec.name, version=str(rec.version), id=str(rec.id)))
    return 0


def _import(store, args) -> int:
    from .cli import _parse_scenario, _read_small_file, _scenario_label
    from .store import is_backup, restore_backup

    lang = _lang(args)
    label_ = _scenario_label(args.file)
    data = _read_small_file(args.file, BACKUP_MAX_BYTES, label_)
    if len(data) > BACKUP_MAX_BYTES:
        raise ScenarioError.keyed("scenarios.backup_too_large", label=label_, mb=BACKUP_MAX_BYTES // 1_000_000)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        parsed = None     # the scenario parser below names the problem
    if is_backup(parsed):
        if args.name:
            raise KundenwertError.keyed("scenarios.name_with_backup")
        added = restore_backup(store, parsed, args.author)
        print(text("scenarios.imported_backup", lang, n=added, label=label_))
        return 0
    scenario = _parse_scenario(data, label_)
    rec = store.save(args.name or scenario.name, scenario, args.author, args.note)
    print(text("scenarios.imported", lang, name=rec.name, version=str(rec.version), id=str(rec.id)))
    return 0


def _export(store, args) -> int:
    from .store import backup

    if args.all:
        if args.scenario or args.version:
            raise KundenwertError.keyed("scenarios.all_with_name")
        _write(_dump(backup(store)), args.out, _lang(args))
        return 0
    if not args.scenario:
        raise KundenwertError.keyed("scenarios.export_what")
    _write(store.get(args.scenario, args.version).scenario.to_json(), args.out, _lang(args))
    return 0


def _archive(store, args) -> int:
    rec = store.get(args.scenario)
    store.archive(rec.id)
    print(text("scenarios.archived_done", _lang(args), name=rec.name, id=str(rec.id)))
    return 0


def _restore(store, args) -> int:
    lang = _lang(args)
    if args.version is None:
        rec = store.get(args.scenario)
        store.restore(rec.id)
        print(text("scenarios.restored", lang, name=rec.name))
        return 0
    if not args.author:
        raise KundenwertError.keyed("scenarios.restore_author")
    rec = store.restore_version(args.scenario, args.version, args.author, args.note)
    print(text("scenarios.restored_version", lang, old=str(args.version), name=rec.name, version=str(rec.version)))
    return 0


_ACTIONS = {"list": _list, "show": _show, "save": _save, "import": _import, "export": _export,
            "archive": _archive, "restore": _restore}
