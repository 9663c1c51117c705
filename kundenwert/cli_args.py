"""Argument parsing of the command line (``python -m kundenwert …``): sub-commands, options, the
language of the run (``--lang``, ``KUNDENWERT_LANG``), usage errors as one line.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from .fmt import fmt_num
from .i18n import norm_lang
from .i18n import text as _t
from .matrix import DEFAULT_SATISFIED_FROM

RATING_RANGE = (0.0, 10.0)          # the 0–10 rating scale ("zufrieden ab" lies on it)

_ARGPARSE_TEXTS = (                 # argparse's English messages, in German
    (r"the following arguments are required: (.*)", "es fehlt die Angabe {0}"),
    (r"unrecognized arguments: (.*)", "unbekannte Angabe {0}"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", "{0}: {1} ist nicht möglich (möglich: {2})"),
    (r"argument (\S+): expected one argument", "{0}: es fehlt der Wert"),
    (r"argument (\S+): invalid (\S+) value: (.*)", "{0}: {2} ist kein gültiger Wert"),
    (r"argument (\S+): (.*)", "{0}: {1}"),
)


LANG_ENV = "KUNDENWERT_LANG"        # the default language of text output and exported files


def default_lang() -> str:
    """The language when no --lang is given: KUNDENWERT_LANG, else German."""
    return norm_lang(os.environ.get(LANG_ENV))


def _lang_of(argv: Sequence[str]) -> str:
    """--lang from the command line before argparse has run (for argparse's own error line)."""
    args = list(argv)
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return norm_lang(args[i + 1])
        if a.startswith("--lang="):
            return norm_lang(a.split("=", 1)[1])
    return default_lang()


_USAGE_LANG = ["de"]                # the language of usage errors, set by `run` before parsing


def usage_lang() -> str:
    """The language of this run's usage errors and help texts (the subcommands' parsers ask it)."""
    return _USAGE_LANG[0]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (German or English) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        lang = _USAGE_LANG[0]
        if lang == "de":
            for pattern, german in _ARGPARSE_TEXTS:
                m = re.fullmatch(pattern, message)
                if m:
                    message = german.format(*m.groups())
                    break
        print(_t("cli.usage_error", lang, message=message), file=sys.stderr)
        raise SystemExit(2)


def _satisfied_from(text: str) -> float:
    lo, hi = RATING_RANGE
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and lo <= value <= hi):
        lang = _USAGE_LANG[0]
        raise argparse.ArgumentTypeError(_t("cli.arg.number", lang, value=text[:40], low=fmt_num(lo, 0, lang),
                                            high=fmt_num(hi, 0, lang)))
    return value


def _min_order_value(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 1e12):
        raise argparse.ArgumentTypeError(_t("cli.arg.amount", _USAGE_LANG[0], value=text[:40]))
    return value


def _add_lang(parser: argparse.ArgumentParser, lang: str, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument("--lang", choices=["de", "en"], default=default,
                        help=_t("cli.help.lang", lang, env=LANG_ENV))


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; help texts in ``lang`` (default: the language of this run)."""
    lang = norm_lang(lang or _USAGE_LANG[0])

    def h(key: str) -> str:
        return _t(f"cli.help.{key}", lang)
    parser = _Parser(prog="python -m kundenwert", description=h("description"))
    _add_lang(parser, lang, None)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p_score = sub.add_parser("score", help=h("score"))
    p_score.add_argument("input")
    p_score.add_argument("--sheet")
    p_score.add_argument("--scenario", help=h("scenario"))
    p_score.add_argument("--out", help=h("out"))
    p_score.add_argument("--csv-style", choices=["de", "intl"], default="de", help=h("csv_style"))
    p_score.add_argument("--min-order-value", type=_min_order_value, default=None, help=h("min_order"))
    p_score.add_argument("--satisfied-from", type=_satisfied_from, default=DEFAULT_SATISFIED_FROM,
                         help=h("satisfied_score"))
    p_score.add_argument("--json", action="store_true")
    _add_lang(p_score, lang)
    from .cli_orders import add_parser as add_orders_parser
    from .cli_orders import add_score_options
    add_score_options(p_score)
    p_matrix = sub.add_parser("matrix", help=h("matrix"))
    p_matrix.add_argument("input")
    p_matrix.add_argument("--sheet")
    p_matrix.add_argument("--satisfied-from", type=_satisfied_from, default=DEFAULT_SATISFIED_FROM,
                          help=h("satisfied"))
    p_matrix.add_argument("--json", action="store_true")
    _add_lang(p_matrix, lang)
    p_validate = sub.add_parser("validate", help=h("validate"))
    p_validate.add_argument("input")
    p_validate.add_argument("--sheet")
    p_validate.add_argument("--scenario", help=h("validate_scenario"))
    p_validate.add_argument("--json", action="store_true")
    _add_lang(p_validate, lang)
    from .cli_scenarios import add_parser as add_scenarios_parser

    add_scenarios_parser(sub, _Parser)
    add_orders_parser(sub, _Parser)
    return parser
