"""Command line: python -m kundenwert score|matrix|validate INPUT [--json] …

A file that cannot be read at all exits with status 2 and one line on stderr.
`validate` exits 1 when the list has errors (rejected rows), else 0.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import pandas as pd

from .dataset import CustomerList, build
from .errors import KundenwertError
from .fmt import fmt_eur, fmt_num, fmt_pct
from .ingest import read_path
from .matrix import DEFAULT_SATISFIED_FROM, after_sales_matrix
from .nps import net_promoter_score
from .scenario import CLASS_METHOD_LABELS, Scenario
from .scoring import ScoreResult, score


def _clean(value: object) -> object:
    """JSON-safe: NaN -> None, numpy scalars -> Python."""
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if value is pd.NA:
        return None
    return value


def _load(args: argparse.Namespace) -> CustomerList:
    """Read the input file in the limited worker process (regular files only), then build the list."""
    return build(read_path(args.input, sheet=getattr(args, "sheet", None)))


def _records(frame, columns) -> list[dict]:
    return [{c: _clean(v) for c, v in zip(columns, row, strict=True)}
            for row in frame[list(columns)].itertuples(index=False, name=None)]


def accounting(cl: CustomerList, result: ScoreResult | None = None) -> dict:
    """Every data row in exactly one place: scored + not scorable + rejected + skipped = rows read."""
    n = len(cl.customers)
    scored = int(result.frame["scorable"].sum()) if result is not None else n
    return {"rows_read": cl.rows_read, "scored": scored, "not_scorable": n - scored,
            "rejected": len(cl.rejected), "skipped": len(cl.skipped)}


def score_payload(cl: CustomerList, result: ScoreResult) -> dict:
    frame = result.frame
    ranked = result.ranking()
    results = [
        {"id": i, "name": n, "score": round(float(sc), 4), "value_eur": round(float(v), 2), "class": c,
         "rank": int(rk), "incomplete": bool(inc), "missing": int(m), "row": int(r)}
        for i, n, sc, v, c, rk, inc, m, r in zip(
            ranked["id"], ranked["name"], ranked["score"], ranked["value_eur"], ranked["class"], ranked["rank"],
            ranked["incomplete"], ranked["missing"], ranked["row"], strict=True)
    ]
    ns = result.not_scorable
    return {
        "file": os.path.basename(cl.raw.source_name), "sheet": cl.raw.sheet, "header_row": cl.raw.header_row,
        "scenario": result.scenario.to_dict(), "criteria": result.criteria,
        "euro_per_point": result.euro_per_point, "euro_per_point_source": result.euro_per_point_source,
        "accounting": accounting(cl, result),
        "customers": int(frame["scorable"].sum()), "incomplete": int(frame["incomplete"].sum()),
        "not_scorable": len(ns),
        "not_scorable_rows": _records(ns, ["row", "id", "name", "reason"]),
        "rejected_rows": _records(cl.rejected, ["row", "reason"]),
        "skipped_rows": _records(cl.skipped, ["row", "reason"]),
        "classes": result.class_counts(),
        "total_value_eur": round(float(np.nansum(frame["value_eur"])), 2),
        "results": results,
    }


def validate_payload(cl: CustomerList) -> dict:
    issues = cl.issues
    cols = ["row", "column", "message"]
    return {
        "ok": not (issues["severity"] == "error").any(),
        "file": os.path.basename(cl.raw.source_name), "sheet": cl.raw.sheet, "header_row": cl.raw.header_row,
        "accounting": accounting(cl),
        "columns": [{"column": c.letter, "header": c.header, "used_as": c.key, "rating_like": c.rating_like}
                    for c in cl.columns],
        "errors": _records(issues[issues["severity"] == "error"], cols),
        "warnings": _records(issues[issues["severity"] == "warning"], cols),
        "info": _records(issues[issues["severity"] == "info"], cols),
    }


def matrix_payload(cl: CustomerList, satisfied_from: float) -> dict:
    m = after_sales_matrix(cl, satisfied_from)
    payload = {"own_data": m.own_data, "customers_used": m.used, "missing_columns": m.missing_columns,
               "satisfied_from": m.satisfied_from, "scales": m.scales, "cells": [c.to_dict() for c in m.cells]}
    if cl.has("recommend"):
        payload["nps"] = net_promoter_score(cl.customers["recommend"].to_numpy(dtype=float)).to_dict()
    return payload


# --------------------------------------------------------------------------------- human output

def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[j]) for r in rows)) if rows else len(h) for j, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if j in right else c.ljust(w) for j, (c, w) in enumerate(zip(cells, widths,
                                                                                                 strict=True)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _print_accounting(acc: dict) -> None:
    print(f"Gelesen: {acc['rows_read']} Zeilen = {acc['scored']} bewertet + {acc['not_scorable']} nicht bewertbar "
          f"+ {acc['rejected']} abgelehnt + {acc['skipped']} übersprungen")


def _print_rows(title: str, rows: list[dict]) -> None:
    if rows:
        print(f"\n{title}:")
        for r in rows:
            print(f"  Zeile {r['row']}: {r['reason']}")


def _print_score(p: dict, result: ScoreResult) -> None:
    print(f"Datei: {p['file']}" + (f", Blatt „{p['sheet']}“" if p["sheet"] else "") + f", Kopfzeile {p['header_row']}")
    _print_accounting(p["accounting"])
    sc = result.scenario
    print(f"Szenario: {sc.name}; Klassen nach {CLASS_METHOD_LABELS[sc.class_method]} "
          f"({fmt_num(sc.thresholds[0], 1)} / {fmt_num(sc.thresholds[1], 1)}); "
          f"{fmt_eur(p['euro_per_point'])} je Punkt")
    print(f"Klassen: A {p['classes']['A']}, B {p['classes']['B']}, C {p['classes']['C']}; "
          f"Gesamtwert {fmt_eur(p['total_value_eur'])}\n")
    rows = [[str(r["rank"]), r["id"], r["name"][:40], fmt_num(r["score"], 1), fmt_eur(r["value_eur"]), r["class"],
             (f"{r['missing']} fehlt" if r["missing"] == 1 else f"{r['missing']} fehlen") if r["incomplete"] else ""] for r in p["results"]]
    print(_table(["Rang", "Nr.", "Kunde", "Score", "Wert", "Klasse", "Hinweis"], rows, {0, 3, 4}))
    _print_rows("Nicht bewertbar", p["not_scorable_rows"])
    _print_rows("Abgelehnte Zeilen", p["rejected_rows"])
    _print_rows("Übersprungene Zeilen", p["skipped_rows"])


def _print_matrix(p: dict) -> None:
    if not p["own_data"]:
        print("Die Liste hat keine Spalten für " + ", ".join(p["missing_columns"]) + "; gezeigt werden die Werte "
              "der Studie eines deutschen Premium-Autoherstellers.")
    else:
        print(f"After-Sales-Matrix aus {p['customers_used']} Kunden (zufrieden ab {fmt_num(p['satisfied_from'], 1)} "
              "bei 0–10-Bewertungen)")
    yes_no = {True: "ja", False: "nein"}
    rows = []
    for c in p["cells"]:
        ci = "–" if c["ci_low"] is None else f"{fmt_pct(c['ci_low'])} – {fmt_pct(c['ci_high'])}"
        note = "wenige Kunden" if p["own_data"] and c["few_customers"] else ""
        rows.append([yes_no[c["sale_satisfied"]], yes_no[c["aftersales_satisfied"]], str(c["customers"]),
                     str(c["repurchasers"]), fmt_pct(c["rate"]), ci, fmt_pct(c["study_rate"]), note])
    print(_table(["Kauf zufrieden", "After-Sales zufrieden", "Kunden", "Wiederkäufer", "Quote", "95 %-Intervall",
                  "Studie", ""], rows, {2, 3, 4, 6}))
    if "nps" in p and p["nps"]["nps"] is not None:
        n = p["nps"]
        print(f"\nNPS: {fmt_num(n['nps'], 0)} ({n['promoters']} Promotoren, {n['passives']} Passive, "
              f"{n['detractors']} Kritiker)")


def _print_validate(p: dict) -> None:
    print(f"Datei: {p['file']}" + (f", Blatt „{p['sheet']}“" if p["sheet"] else "") + f", Kopfzeile {p['header_row']}")
    _print_accounting(p["accounting"])
    print("\nSpalten:")
    for c in p["columns"]:
        print(f"  {c['column']:>3}  {c['header'] or '(ohne Überschrift)':40}  -> {c['used_as'] or 'nicht verwendet'}")
    for title, key in (("Fehler", "errors"), ("Warnungen", "warnings"), ("Hinweise", "info")):
        if p[key]:
            print(f"\n{title} ({len(p[key])}):")
            for item in p[key]:
                print(f"  {item['message']}")
    print("\nErgebnis: " + ("in Ordnung" if p["ok"] else "Fehler gefunden"))


# ----------------------------------------------------------------------------------------- main

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kundenwert", description="Kundenwert: Kundenlisten bewerten.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_score = sub.add_parser("score", help="Kunden bewerten, klassifizieren und ranken")
    p_score.add_argument("input")
    p_score.add_argument("--sheet")
    p_score.add_argument("--scenario", help="Szenario als JSON-Datei")
    p_score.add_argument("--out", help="Ergebnis als .xlsx oder .csv schreiben")
    p_score.add_argument("--csv-style", choices=["de", "intl"], default="de", help="CSV: deutsch (;) oder international (,)")
    p_score.add_argument("--json", action="store_true")
    p_matrix = sub.add_parser("matrix", help="After-Sales-Matrix")
    p_matrix.add_argument("input")
    p_matrix.add_argument("--sheet")
    p_matrix.add_argument("--satisfied-from", type=float, default=DEFAULT_SATISFIED_FROM)
    p_matrix.add_argument("--json", action="store_true")
    p_validate = sub.add_parser("validate", help="Datei prüfen")
    p_validate.add_argument("input")
    p_validate.add_argument("--sheet")
    p_validate.add_argument("--json", action="store_true")
    return parser


def _emit(payload: dict) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "score":
            scenario = Scenario()
            if args.scenario:
                try:
                    with open(args.scenario, "rb") as fh:
                        scenario = Scenario.from_json(fh.read())
                except OSError as exc:
                    raise KundenwertError(f"Szenario-Datei „{args.scenario}“ kann nicht gelesen werden: "
                                          f"{exc.strerror}.") from exc
            cl = _load(args)
            result = score(cl, scenario)
            if args.out:
                _write_out(result, cl, args.out, args.csv_style == "de")
            payload = score_payload(cl, result)
            _emit(payload) if args.json else _print_score(payload, result)
            if args.out and not args.json:
                print(f"\nErgebnis geschrieben: {args.out}")
            return 0
        cl = _load(args)
        if args.command == "matrix":
            payload = matrix_payload(cl, args.satisfied_from)
            _emit(payload) if args.json else _print_matrix(payload)
            return 0
        payload = validate_payload(cl)
        _emit(payload) if args.json else _print_validate(payload)
        return 0 if payload["ok"] else 1
    except KundenwertError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print("Fehler: zu wenig Arbeitsspeicher für diese Datei.", file=sys.stderr)
        return 2


def _write_out(result: ScoreResult, cl: CustomerList, path: str, german: bool) -> None:
    from .export import write_csv, write_xlsx

    lower = path.lower()
    try:
        if lower.endswith(".xlsx"):
            write_xlsx(result, cl, path)
        elif lower.endswith(".csv"):
            with open(path, "w", encoding="utf-8-sig" if german else "utf-8", newline="") as fh:
                write_csv(result, cl, fh, german=german)
        else:
            raise KundenwertError(f"--out: unbekanntes Format „{path}“ – bitte .xlsx oder .csv angeben.")
    except OSError as exc:
        raise KundenwertError(f"--out: „{path}“ kann nicht geschrieben werden: {exc.strerror}.") from exc


def main() -> None:
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `… | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        code = 130
    sys.exit(code)
