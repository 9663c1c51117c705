"""Order history on the command line.

    orders ORDERS [--list LIST] [--period-end DATE] [--months N] [--json]
        per-customer figures, derived ratings, XYZ, the row accounting of the order file
    score LIST --orders ORDERS [--period-end DATE] [--months N] [--from-orders own|derived|fill]
        scores the list with Kaufhistorie / Deckungsbeitrag taken from the orders as chosen

Errors are one line (German, or English with --lang en) and exit status 2 (handled by cli.run). Text output
follows --lang; the JSON keys stay English, only message texts follow the language.
"""

from __future__ import annotations

import argparse
import datetime as _dt

import numpy as np
import pandas as pd

from . import findings
from .cli_args import usage_lang
from .criteria import label
from .dataset import CustomerList
from .findings import localise
from .fmt import fmt_eur, fmt_num, fmt_pct, round_half_up, round_half_up_array
from .i18n import date_text, text
from .orders import DEFAULT_CHOICE, OrderAnalysis, analyse, enrich
from .orders_figures import CHOICES, DEFAULT_MONTHS
from .xyz import XYZ_THRESHOLDS, xyz_classes

MAX_MONTHS = 120


def _t(key: str, **params: object) -> str:
    """A catalogue sentence in the language of this run (argument errors and help texts)."""
    return text(key, usage_lang(), **params)


def _date(text: str) -> _dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return _dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(_t("orders.arg.date", value=text[:40]))


def _months(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_MONTHS:
        raise argparse.ArgumentTypeError(_t("orders.arg.months", value=text[:40], high=MAX_MONTHS))
    return int(text)


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period-end", type=_date, default=None,
                        help=_t("orders.help.period_end"))
    parser.add_argument("--months", type=_months, default=DEFAULT_MONTHS, help=_t("orders.help.months"))


def add_score_options(p_score: argparse.ArgumentParser) -> None:
    p_score.add_argument("--orders", help=_t("orders.help.orders"))
    p_score.add_argument("--from-orders", choices=CHOICES, default=DEFAULT_CHOICE, help=_t("orders.help.from_orders"))
    _period_options(p_score)


def add_parser(sub, parser_class) -> None:
    from .cli_args import _add_lang

    p = sub.add_parser("orders", help=_t("orders.help.command"))
    p.add_argument("orders")
    p.add_argument("--list", help=_t("orders.help.list"))
    _period_options(p)
    p.add_argument("--json", action="store_true")
    _add_lang(p, usage_lang())


def load_analysis(path: str, cl: CustomerList | None, months: int, end: _dt.date | None) -> OrderAnalysis:
    from .ingest import read_path
    from .orders_read import read_orders

    lines = read_orders(read_path(path))
    return analyse(lines, cl, months=months, end=end)


def apply_to_score(args: argparse.Namespace, cl: CustomerList) -> tuple[CustomerList, dict]:
    """The list with the chosen derived ratings, and the `orders` part of the score JSON."""
    if not getattr(args, "orders", None):
        return cl, {}
    analysis = load_analysis(args.orders, cl, args.months, args.period_end)
    choices = {k: args.from_orders for k in analysis.derivable()}
    summary = summary_payload(analysis, getattr(args, "lang", "de"))
    summary["choices"] = choices
    return enrich(cl, analysis, choices), {"orders": summary}


def _num(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    v = float(value)
    return v if np.isfinite(v) else None


def summary_payload(a: OrderAnalysis, lang: str = "de") -> dict:
    """The order part of the output: JSON keys in English, message texts in ``lang``."""
    acc = a.lines.accounting()
    return {
        "file": a.lines.source_name, "header_row": a.lines.header_row, "period": a.period.to_dict(),
        "accounting": {**acc, "unknown_customer_lines": int(a.unknown["lines"].sum())},
        "columns": {k: {"column": c, "header": h} for k, (c, h) in a.lines.columns.items()},
        "rejected_rows": [{"row": int(r), "column": c, "reason": str(localise(t, lang))} for r, c, t in
                          zip(a.lines.rejected["row"], a.lines.rejected["column"], a.lines.rejected["reason"],
                              strict=True)],
        "skipped_rows": [{"row": int(r), "reason": str(localise(t, lang))} for r, t in zip(a.lines.skipped["row"], a.lines.skipped["reason"],
                                                                       strict=True)],
        "unknown_customers": [{"id": i, "lines": int(n), "revenue": round_half_up(float(v), 2), "first_row": int(r)} for i, n, v, r in
                              zip(a.unknown["id"], a.unknown["lines"], a.unknown["revenue"], a.unknown["first_row"],
                                  strict=True)],
        "customers_without_orders": list(a.without_orders),
        "retention": a.retention.to_dict(),
        "messages": [{"severity": s, "row": None if pd.isna(r) else int(r), "column": c, "code": k, "message": m}
                     for frame in (a.lines.issues, a.notes)
                     for s, r, c, k, m in zip(frame["severity"], frame["row"], frame["column"], frame["code"],
                                              findings.messages(frame, lang), strict=True)],
    }


def _column(values: object) -> list:
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        return [None if pd.isna(v) else v.date().isoformat() for v in s]
    return [_num(v) if isinstance(v, (float, int, np.number)) and not isinstance(v, bool) else v
            for v in s.astype(object).tolist()]


_MONEY = ("revenue", "margin", "revenue_per_order", "previous_revenue")


def figures_payload(a: OrderAnalysis) -> list[dict]:
    """Per customer (the list's order, else by customer number): figures, derived ratings, XYZ."""
    figs, derived = a.customers, a.derived
    xyz = xyz_classes(a.lines, a.period, XYZ_THRESHOLDS).reindex(figs.index)
    columns = {
        "id": [str(v) for v in figs.index], "revenue": figs["revenue"], "margin": figs["margin"],
        "orders": figs["orders"].astype(np.int64), "revenue_per_order": figs["revenue_per_order"],
        "days_since_last": figs["days_since_last"], "last_order": figs["last_order"],
        "first_order": figs["first_order"], "previous_revenue": figs["prev_revenue"], "trend": figs["trend"],
        "credit_notes": figs["credit_notes"].astype(np.int64), "recency_score": derived["recency"],
        "frequency_score": derived["frequency"], "revenue_score": derived["revenue_score"],
        "purchase_history": derived["purchase_history"], "contribution_margin": derived["contribution_margin"],
        "xyz": [v if isinstance(v, str) else None for v in xyz["xyz"]], "cv": xyz["cv"],
    }
    for key in _MONEY:   # € amounts rounded half up to cents, as in every display
        columns[key] = round_half_up_array(pd.Series(columns[key]).to_numpy(dtype=float), 2)
    cols = {k: _column(v.to_numpy() if isinstance(v, pd.Series) and k not in ("last_order", "first_order") else v)
            for k, v in columns.items()}
    keys = list(cols)
    return [dict(zip(keys, row, strict=True)) for row in zip(*cols.values(), strict=True)]


def print_orders_summary(p: dict, lang: str = "de") -> None:
    """The order part of `score --orders` as text: file, period, accounting, choices, messages, retention."""
    print()
    _print_head(p, lang)
    if "choices" in p:
        print(text("orders.choices", lang, choices="; ".join(f"{label(k, lang)}: {text(f'orders.choice.{c}', lang)}"
                                                              for k, c in p["choices"].items())))


def _print_head(p: dict, lang: str = "de") -> None:
    acc = p["accounting"]
    per = p["period"]
    print(text("orders.head.file", lang, file=p["file"], row=p["header_row"]))
    start, end = (date_text(_dt.date.fromisoformat(per[k]), lang) for k in ("start", "end"))
    print(text("orders.head.period", lang, start=start, end=end, months=per["months"]))
    print(text("orders.head.rows", lang, read=acc["rows_read"], used=acc["used"], rejected=acc["rejected"],
               skipped=acc["skipped"]))
    for m in p["messages"]:
        print(f"  {m['message']}")
    r = p["retention"]
    if r["rate"] is not None:
        print(text("orders.head.retention", lang, rate=fmt_pct(r["rate"], 0, lang), retained=r["retained"],
                   buyers=r["previous_buyers"]))


_TABLE = (("id", "<14"), ("revenue", ">16"), ("margin", ">14"), ("orders", ">10"), ("days", ">7"),
          ("purchase_history", ">10"), ("margin_score", ">9"), ("xyz", ">5"))


def _print(p: dict, lang: str = "de") -> None:
    _print_head(p, lang)
    print("\n" + "".join(f"{text(f'orders.col.{key}', lang):{width}}" for key, width in _TABLE))
    for c in p["customers"]:
        print(f"{c['id'][:13]:<14}{fmt_eur(c['revenue'], 2, lang):>16}{fmt_eur(c['margin'], 0, lang):>14}"
              f"{c['orders']:>10}{fmt_num(c['days_since_last'], 0, lang):>7}"
              f"{fmt_num(c['purchase_history'], 1, lang):>10}{fmt_num(c['contribution_margin'], 1, lang):>9}"
              f"{c['xyz'] or '–':>5}")


def run_orders(args: argparse.Namespace) -> int:
    from .cli import _emit, _load

    cl = None
    if args.list:
        cl = _load(argparse.Namespace(input=args.list, sheet=None))
    analysis = load_analysis(args.orders, cl, args.months, args.period_end)
    lang = getattr(args, "lang", "de")
    payload = summary_payload(analysis, lang)
    payload["customers"] = figures_payload(analysis)
    _emit(payload) if args.json else _print(payload, lang)
    return 0
