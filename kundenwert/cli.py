"""Command line: python -m kundenwert score|matrix|validate INPUT [--json] …, and
python -m kundenwert scenarios list|show|save|export|import|archive|restore (the scenario library,
in `cli_scenarios.py`).

A file that cannot be read at all exits with status 2 and one line on stderr.
`validate` exits 1 when the list has errors (rejected rows), else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import warnings
from collections.abc import Sequence
from itertools import repeat

import numpy as np
import pandas as pd
import pyarrow as pa

from . import findings, report
from .cli_args import _USAGE_LANG, _lang_of, build_parser
from .cli_json import Records, _clean, write_json
from .cli_start import discard, read_path
from .criteria import label
from .dataset import CustomerList, build
from .errors import KundenwertError, ScenarioError, os_error_text
from .findings import clip, localise
from .fmt import fmt_eur, fmt_num, fmt_pct, round_half_up, round_half_up_array
from .i18n import Phrase, norm_lang, text
from .scenario import MAX_JSON_BYTES, Scenario, file_error, labelled
from .scoring import ScoreResult, score

_QUICK_EXIT = [False]       # set by `run` for score/matrix/validate: `main` ends the process with os._exit
def _load(args: argparse.Namespace) -> CustomerList:
    """Read the input file in the limited worker process (regular files only), then build the list.
    The CLI builds once, so the raw cells are let go right after (a million rows: 150 MB)."""
    cl = build(read_path(args.input, sheet=getattr(args, "sheet", None)))
    cl.raw.drop_cells()
    return cl


def _records(frame, columns) -> Records:
    return Records({c: frame[c] for c in columns})


def accounting(cl: CustomerList, result: ScoreResult) -> dict:
    """Every data row in exactly one place: scored + not scorable + rejected + skipped = rows read."""
    return report.accounting(cl, result).to_dict()


def _flag_lists(flags: report.Flags, n: int) -> np.ndarray:
    """Per customer its flag codes (`Flags.codes`), one shared list per distinct combination: a
    million customers have a few dozen combinations, not a million lists."""
    bits = np.zeros(n, dtype=np.int64)
    for k, mask in enumerate(flags.masks.values()):
        bits |= np.asarray(mask, dtype=np.int64) << k
    combos, first, inverse = np.unique(bits, return_index=True, return_inverse=True)
    lists = np.empty(len(combos), dtype=object)
    for u, position in enumerate(first.tolist()):
        lists[u] = flags.codes(position)
    return lists[inverse.reshape(-1)] if n else np.empty(0, dtype=object)


def _localised(frame: pd.DataFrame, lang: str, reasons: np.ndarray | None = None) -> pd.DataFrame:
    """A row list (rejected, skipped, not scorable) with its reasons as plain text in ``lang`` (German: the
    text already made, no second rendering)."""
    out = frame.copy()
    if lang == "de" or reasons is None:
        reasons = [str(localise(r, lang)) for r in frame["reason"]]       # a phrase's str is its German
    out["reason"] = pd.Series(reasons, index=frame.index, dtype=object)
    return out


def _issues(cl: CustomerList, lang: str) -> pd.DataFrame:
    """The data check's findings with their sentences in ``lang``."""
    return findings.localised(cl.issues, lang, params=True)


# a ranked customer's fields in `score --json`, in this order, then "flags"
RESULT_COLUMNS = ("id", "name", "score", "value_eur", "class", "rank", "incomplete", "missing", "row")


def score_payload(cl: CustomerList, result: ScoreResult, settings: report.Settings | None = None,
                  lang: str = "de") -> dict:
    """The `score --json` object. `score` is the full-precision score (shown rounded half up to one decimal
    everywhere else); € amounts are rounded half up to cents like every display."""
    settings = settings if settings is not None else report.settings_for(result)
    frame = result.frame
    flags = report.customer_flags(cl, result, settings)
    codes = pd.Series(_flag_lists(flags, len(frame)), index=frame.index, dtype=object)
    ranked = result.ranking(columns=RESULT_COLUMNS)
    results = Records({**{c: ranked[c] for c in RESULT_COLUMNS},
                       "value_eur": pd.Series(round_half_up_array(ranked["value_eur"], 2), index=ranked.index),
                       "flags": codes.loc[ranked.index]})
    ns = result.not_scorable
    ns = _localised(ns, lang, None if lang == "de" else
                    report.not_scorable_reasons(result, lang))
    method, rule = report.class_rule(result.scenario)
    summary = report.class_summary(result)
    return {
        "file": os.path.basename(cl.raw.source_name), "sheet": cl.raw.sheet, "header_row": cl.raw.header_row,
        "scenario": result.scenario.to_dict(), "settings": settings.to_dict(), "criteria": result.criteria,
        "has_ratings": report.has_ratings(cl),
        "euro_per_point": result.euro_per_point, "euro_per_point_source": result.euro_per_point_source,
        "accounting": accounting(cl, result),
        "customers": int(frame["scorable"].sum()), "incomplete": int(frame["incomplete"].sum()),
        "not_scorable": len(ns) if report.has_ratings(cl) else 0,   # a survey list: "ohne Bewertung" (accounting)
        "not_scorable_rows": _records(ns, ["row", "id", "name", "reason_code", "reason"]),
        "rejected_rows": _records(_localised(cl.rejected, lang), ["row", "reason"]),
        "skipped_rows": _records(_localised(cl.skipped, lang), ["row", "reason"]),
        "class_rule": {"method": method, **rule},
        "classes": result.class_counts(),
        "class_summary": [{"class": c, "customers": int(k), "value_eur": round_half_up(v, 2),
                           "avg_score": _clean(a)} for c, k, v, a in zip(summary["class"], summary["customers"],
                                                                        summary["value"], summary["avg_score"],
                                                                        strict=True)],
        "flags": flags.counts(),
        "total_value_eur": round_half_up(float(np.nansum(frame["value_eur"])), 2),
        "results": results,
    }


def validate_payload(cl: CustomerList, scenario: Scenario | None = None, lang: str = "de") -> dict:
    """The `validate --json` object; the row accounting is the one `score` gives with the same scenario."""
    issues = _issues(cl, lang)
    cols = ["row", "column", "code", "params", "message"]
    result = score(cl, scenario if scenario is not None else Scenario())
    ns = result.not_scorable
    ns = _localised(ns, lang, None if lang == "de" else
                    report.not_scorable_reasons(result, lang))
    return {
        "ok": not (issues["severity"] == "error").any(),
        "file": os.path.basename(cl.raw.source_name), "sheet": cl.raw.sheet, "header_row": cl.raw.header_row,
        "has_ratings": report.has_ratings(cl),
        "accounting": accounting(cl, result),
        "not_scorable_rows": _records(ns, ["row", "id", "name", "reason_code", "reason"]),
        "columns": [{"column": c.letter, "header": c.header, "used_as": c.key, "rating_like": c.rating_like}
                    for c in cl.columns],
        "errors": _records(issues[issues["severity"] == "error"], cols),
        "warnings": _records(issues[issues["severity"] == "warning"], cols),
        "info": _records(issues[issues["severity"] == "info"], cols),
    }


def matrix_payload(cl: CustomerList, satisfied_from: float) -> dict:
    m = report.matrix(cl, report.Settings(satisfied_from=satisfied_from))
    payload = {"own_data": m.own_data, "customers_used": m.used, "missing_columns": m.missing_columns,
               "satisfied_from": m.satisfied_from, "scales": m.scales, "cells": [c.to_dict() for c in m.cells]}
    nps = report.nps(cl)
    if nps is not None:
        payload["nps"] = nps.to_dict()
    return payload


# --------------------------------------------------------------------------------- human output

def _table(headers: list[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Rows of cells as a table (see :func:`_column_table`)."""
    return _column_table(headers, list(zip(*rows, strict=True)) if rows else [() for _ in headers], right)


def _column_table(headers: list[str], columns: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell (right-aligned where `right`), two spaces apart; padded column by
    column (`str.rjust`/`ljust` mapped over a column: a 50,000-row ranking without a format call per row)."""
    widths = [max(len(h), max(map(len, col), default=0)) for h, col in zip(headers, columns, strict=True)]
    padded = [list(map(str.rjust if j in right else str.ljust, (h, "-" * w, *col), repeat(w)))
              for j, (h, w, col) in enumerate(zip(headers, widths, columns, strict=True))]
    return "\n".join(map("  ".join, zip(*padded, strict=True)))


def _shown(values: Sequence, show) -> list[str]:  # noqa: ANN001 - a formatting function of fmt/report
    """`show` for each value, called once per distinct value (scores and € values of a ranking repeat:
    a 50,000-row list has a few thousand distinct ones)."""
    done: dict = {}
    return [done[v] if v in done else done.setdefault(v, show(v)) for v in values]


def _ranking_columns(results: Records | list[dict], lang: str = "de") -> list[list[str]]:
    """The ranking table's cells, column by column (the values as the JSON has them)."""
    if isinstance(results, Records):
        def col(key: str) -> list:
            return results.column(key)
        flag_texts = results.json_texts("flags")                   # one text per combination of flags
        labels = _shown(flag_texts, lambda t: ", ".join(report.flag_label(c, lang) for c in json.loads(t)))
    else:
        def col(key: str) -> list:
            return [r[key] for r in results]
        labels = [", ".join(report.flag_label(c, lang) for c in r["flags"]) for r in results]
    return [list(map(str, col("rank"))), col("id"), [name[:40] for name in col("name")],
            _shown(col("score"), lambda v: report.score_shown(v, lang)),
            _shown(col("value_eur"), lambda v: fmt_eur(v, 2, lang)), col("class"), labels]


def _print_accounting(acc: dict, lang: str = "de") -> None:
    print(report.accounting_sentence(report.Accounting(**acc), lang))


def _print_rows(title: str, rows: list[dict], lang: str = "de") -> None:
    if rows:
        print(f"\n{title}:")
        for r in rows:
            print("  " + text("cli.row_reason", lang, row=r["row"], reason=r["reason"]))


def _print_file(p: dict, lang: str) -> None:
    print(text("cli.file", lang, file=p["file"]) + (text("cli.sheet", lang, sheet=p["sheet"]) if p["sheet"] else "")
          + text("cli.header_row", lang, row=p["header_row"]))


def _print_score(p: dict, result: ScoreResult, lang: str = "de") -> None:
    _print_file(p, lang)
    _print_accounting(p["accounting"], lang)
    if not p["has_ratings"]:
        print(report.no_ratings_sentence(lang))
        _print_rows(text("cli.rejected", lang), p["rejected_rows"], lang)
        _print_rows(text("cli.skipped", lang), p["skipped_rows"], lang)
        return
    sc = result.scenario
    print(text("cli.scenario", lang, name=report.scenario_name(sc, lang), rule=report.class_rule_short(sc, lang),
               epp=fmt_eur(p["euro_per_point"], 2, lang)))
    print(text("cli.classes", lang, a=p["classes"]["A"], b=p["classes"]["B"], c=p["classes"]["C"],
               total=fmt_eur(p["total_value_eur"], 2, lang)) + "\n")
    columns = _ranking_columns(p["results"], lang)
    print(_column_table([text(f"cli.col.{k}", lang) for k in ("rank", "id", "customer", "score", "value", "class", "flags")],
                        columns, {0, 3, 4}))
    _print_rows(text("cli.not_scorable", lang), p["not_scorable_rows"], lang)
    _print_rows(text("cli.rejected", lang), p["rejected_rows"], lang)
    _print_rows(text("cli.skipped", lang), p["skipped_rows"], lang)


def _print_matrix(p: dict, lang: str = "de") -> None:
    if not p["own_data"]:
        print(text("cli.matrix.study", lang, columns=", ".join(label(k, lang) for k in p["missing_columns"])))
    else:
        print(text("cli.matrix.own", lang, n=p["customers_used"], threshold=fmt_num(p["satisfied_from"], 1, lang)))
    rows = []
    for c in p["cells"]:
        ci = "–" if c["ci_low"] is None else f"{fmt_pct(c['ci_low'], 0, lang)} – {fmt_pct(c['ci_high'], 0, lang)}"
        note = text("cli.matrix.few", lang) if p["own_data"] and c["few_customers"] else ""
        rows.append([report.yes_no(c["sale_satisfied"], lang), report.yes_no(c["aftersales_satisfied"], lang),
                     str(c["customers"]), str(c["repurchasers"]), fmt_pct(c["rate"], 0, lang), ci,
                     fmt_pct(c["study_rate"], 0, lang), note])
    print(_table([text(f"cli.matrix.col.{k}", lang) for k in ("sale", "aftersales", "customers", "repurchasers",
                                                              "rate", "ci", "study")] + [""], rows, {2, 3, 4, 6}))
    if "nps" in p and p["nps"]["nps"] is not None:
        n = p["nps"]
        print("\n" + text("cli.nps", lang, nps=fmt_num(n["nps"], 0, lang), promoters=n["promoters"],
                          passives=n["passives"], detractors=n["detractors"]))


def _print_validate(p: dict, lang: str = "de") -> None:
    _print_file(p, lang)
    _print_accounting(p["accounting"], lang)
    print("\n" + text("cli.columns", lang))
    for c in p["columns"]:
        header = clip(c["header"], 40) if c["header"] else text("cli.no_header", lang)
        print(f"  {c['column']:>3}  {header:40}  -> {c['used_as'] or text('cli.not_used', lang)}")
    for key in ("errors", "warnings", "info"):
        if p[key]:
            print(f"\n{text(f'cli.{key}', lang)} ({len(p[key])}):")
            for item in p[key]:
                print(f"  {item['message']}")
    print("\n" + text("cli.result_ok" if p["ok"] else "cli.result_errors", lang))


def _emit(payload: dict) -> None:
    write_json(payload, sys.stdout)


# ------------------------------------------------------------------------------------ files

def _read_small_file(path: str, limit: int, label: Phrase) -> bytes:
    """At most limit+1 bytes of a regular file (no FIFO, device, folder); ScenarioError otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise file_error("scenario.unreadable", label, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise file_error("scenario.not_regular", label)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise file_error("scenario.unreadable", label, exc) from None
    finally:
        os.close(fd)


def _scenario_label(path: str) -> Phrase:
    return Phrase("scenario.label", {"name": os.path.basename(path) or path})


def _parse_scenario(data: bytes, label: Phrase) -> Scenario:
    try:
        return Scenario.from_json(data)
    except ScenarioError as exc:   # "Szenario-Datei …" -> "Szenario-Datei „name.json“ …", in every language
        raise labelled(exc, label) from None


def _read_scenario(path: str) -> Scenario:
    """The --scenario file: a small regular file (no FIFO, device, folder), parsed and validated."""
    label = _scenario_label(path)
    return _parse_scenario(_read_small_file(path, MAX_JSON_BYTES, label), label)


OUT_FORMATS = (".xlsx", ".csv")


def _check_out(path: str, lang: str = "de") -> None:
    """Refuse an unusable --out before any work is done (format, folder, missing parent folder)."""
    if not path.lower().endswith(OUT_FORMATS):
        raise KundenwertError.keyed("cli.out_format", path=path)
    if os.path.isdir(path):
        raise KundenwertError.keyed("cli.out_folder", path=path,
                                    example=os.path.join(path, text("cli.example_file", lang)))
    parent = os.path.dirname(path) or "."
    if not os.path.isdir(parent):
        raise KundenwertError.keyed("cli.out_no_folder", folder=parent)


def _write_out(result: ScoreResult, cl: CustomerList, path: str, german: bool, settings: report.Settings,
               lang: str = "de") -> None:
    from xlsxwriter.exceptions import FileCreateError

    from .export import write_csv, write_xlsx

    _check_out(path, lang)
    try:
        if path.lower().endswith(".xlsx"):
            write_xlsx(result, cl, path, settings, lang=lang)
        else:
            with open(path, "w", encoding="utf-8-sig" if german else "utf-8", newline="") as fh:
                write_csv(result, cl, fh, german=german, settings=settings, lang=lang)
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        why = os_error_text(cause, lang) if cause is not None else text("cli.out_cannot_create", lang)
        raise KundenwertError.keyed("cli.out_failed", path=path, why=why) from None
    except OSError as exc:
        raise KundenwertError.keyed("cli.out_failed", path=path, why=os_error_text(exc, lang)) from None


# ------------------------------------------------------------------------------------- run

def _run(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.command == "scenarios":
        from .cli_scenarios import run_scenarios

        return run_scenarios(args)
    if args.command == "orders":
        from .cli_orders import run_orders

        return run_orders(args)
    if args.command == "score":
        if args.out:
            _check_out(args.out, lang)
        scenario = _read_scenario(args.scenario) if args.scenario else Scenario()
        from .cli_orders import apply_to_score, print_orders_summary

        cl, orders_payload = apply_to_score(args, _load(args))
        result = score(cl, scenario)
        settings = report.settings_for(result, min_order_revenue=args.min_order_value,
                                       satisfied_from=args.satisfied_from)
        if args.out:
            _write_out(result, cl, args.out, args.csv_style == "de", settings, lang)
        payload = {**score_payload(cl, result, settings, lang), **orders_payload}
        _emit(payload) if args.json else _print_score(payload, result, lang)
        if orders_payload and not args.json:
            print_orders_summary(orders_payload["orders"], lang)
        if args.out and not args.json:
            print("\n" + text("cli.written", lang, path=args.out))
        return 0
    cl = _load(args)
    if args.command == "matrix":
        payload = matrix_payload(cl, args.satisfied_from)
        _emit(payload) if args.json else _print_matrix(payload, lang)
        return 0
    payload = validate_payload(cl, _read_scenario(args.scenario) if args.scenario else None, lang)
    _emit(payload) if args.json else _print_validate(payload, lang)
    return 0 if payload["ok"] else 1


def run(argv: list[str] | None = None) -> int:
    """Run one command; every failure is one line on stderr (German, or English with --lang en) and status 2."""
    lang = _USAGE_LANG[0] = _lang_of(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    _QUICK_EXIT[0] = args.command in ("score", "matrix", "validate")
    args.lang = norm_lang(args.lang) if getattr(args, "lang", None) else lang
    lang = args.lang
    try:
        # numpy's overflow warnings (1e308 € in a cell) are English noise; the result says null/inf itself
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            return _run(args)
    except KundenwertError as exc:
        message = exc.text(lang)
    except MemoryError:
        message = text("cli.no_memory", lang)
    except RecursionError:
        message = text("cli.too_deep", lang)
    except BrokenPipeError:
        raise
    except OSError as exc:   # e.g. stdout on a full disk
        message = text("cli.no_output", lang, why=os_error_text(exc, lang))
    except Exception as exc:  # noqa: BLE001 – never a traceback; the type helps a bug report
        message = text("cli.internal", lang, kind=type(exc).__name__)
    print(text("cli.error", lang, message=message), file=sys.stderr)
    return 2


def main() -> None:
    # Arrow's default pool (mimalloc) keeps what it freed; one command on a million rows peaks
    # 40 MB lower when freed column buffers go straight back to the system
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `… | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:
        print(text("cli.aborted", _USAGE_LANG[0]), file=sys.stderr)
        code = 130
    finally:
        discard()   # a worker started early (cli_start) that the command did not ask for
    if _QUICK_EXIT[0] and sys.getprofile() is None and sys.gettrace() is None:
        # a list command has written and closed everything (stdout flushed above, --out files closed): the
        # process ends without freeing the list, its frames and every module one by one (0.1-0.2 s at
        # 50,000 rows). Not for `scenarios`/`orders` (their database connections close the normal way), nor
        # under a profiler or coverage (they write their results at exit).
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
