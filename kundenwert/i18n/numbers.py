"""Locale formatting of numbers, € amounts, percentages, signed differences and dates (de, en).

The locale data (decimal and group symbol, where the € and % signs stand and whether a space
separates them) comes from Babel's CLDR data, read once per language. The digits are made by
Python's own ``format`` after rounding with ``fmt.round_half_up`` (the one rounding rule), so a
table of 10,000 numbers formats at C speed; a property test checks every result against
``babel.numbers.format_decimal`` / ``format_currency`` / ``format_percent``.

Spaces from CLDR (no-break spaces in "1.234,56 €" and "12 %") are written as plain spaces, as the
German output always was. A signed difference uses the real minus sign U+2212 ("−1,5", "+2,0").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from .. import fmt as _fmt

DEFAULT_LANG = "de"
# every catalogue file next to this module is a language (German first): adding one is adding its file
LANGS = (DEFAULT_LANG, *sorted(p.stem for p in Path(__file__).parent.glob("*.toml") if p.stem != DEFAULT_LANG))
MISSING = "–"
MINUS = "\u2212"


def norm_lang(lang: object) -> str:
    """A supported language code ("de", "en"); anything else is the default, German."""
    text = str(lang or "").strip().lower()[:2]
    return text if text in LANGS else DEFAULT_LANG


@dataclass(frozen=True)
class _Symbols:
    decimal: str
    group: str
    eur_prefix: str
    eur_suffix: str
    pct_prefix: str
    pct_suffix: str

    @property
    def table(self) -> dict[int, str] | None:
        """str.translate table from Python's "1,234.5" to the language's symbols (None: the same)."""
        if (self.decimal, self.group) == (".", ","):
            return None
        return str.maketrans({",": self.group, ".": self.decimal})


def _affixes(pattern: str, sign: str, symbol: str) -> tuple[str, str]:
    """Prefix and suffix around the number in a CLDR pattern ("#,##0.00 ¤" -> ("", " €"))."""
    pattern = pattern.split(";")[0].replace("\xa0", " ").replace("\u202f", " ")
    m = re.search(r"[#0,.]+", pattern)
    prefix, suffix = pattern[:m.start()], pattern[m.end():]
    return prefix.replace(sign, symbol), suffix.replace(sign, symbol)


@cache
def symbols(lang: str) -> _Symbols:
    loc = Locale.parse(norm_lang(lang))
    eur = _affixes(loc.currency_formats["standard"].pattern, "¤", "€")
    pct = _affixes(loc.percent_formats[None].pattern, "%", "%")
    return _Symbols(babel_numbers.get_decimal_symbol(loc), babel_numbers.get_group_symbol(loc), *eur, *pct)


@cache
def _table(lang: str) -> dict[int, str] | None:
    return symbols(lang).table


def _core(value: object, decimals: int, lang: str, grouping: bool = True) -> tuple[bool, str] | None:
    """(negative, digits) of the value rounded half up (``fmt.round_half_up``); None when missing.
    "Negative" is decided after rounding, so -0.04 with one decimal is "0,0", never "-0,0"."""
    if value is None:
        return None
    x = float(value)
    if x != x:
        return None
    if x - x == 0.0:   # finite
        x = _fmt.round_half_up(x, decimals)
    digits = f"{abs(x):{',' if grouping else ''}.{decimals}f}"
    table = _table(lang)
    return x < 0, digits if table is None else digits.translate(table)


def number(value: object, decimals: int = 1, lang: str = DEFAULT_LANG, *, minus: str = "-",
           grouping: bool = True) -> str:
    """1234.5 -> "1.234,5" (de) / "1,234.5" (en); missing -> "–"; no "-0,0"."""
    core = _core(value, decimals, lang, grouping)
    if core is None:
        return MISSING
    return minus + core[1] if core[0] else core[1]


def eur(value: object, decimals: int = 2, lang: str = DEFAULT_LANG, *, minus: str = "-") -> str:
    """1234.56 -> "1.234,56 €" (de) / "€1,234.56" (en); a minus sign before the whole amount."""
    core = _core(value, decimals, lang)
    if core is None:
        return MISSING
    s = symbols(lang)
    return f"{minus if core[0] else ''}{s.eur_prefix}{core[1]}{s.eur_suffix}"


def pct(share: object, decimals: int = 0, lang: str = DEFAULT_LANG, *, minus: str = "-") -> str:
    """0.125 -> "12,5 %" (de) / "12.5%" (en) with decimals=1."""
    core = _core(None if share is None else float(share) * 100, decimals, lang)
    if core is None:
        return MISSING
    s = symbols(lang)
    return f"{minus if core[0] else ''}{s.pct_prefix}{core[1]}{s.pct_suffix}"


def signed(value: object, decimals: int = 1, lang: str = DEFAULT_LANG, *, unit: str = "", zero: str = "") -> str:
    """A difference with its sign: "+1,5", "−0,3" (U+2212), "0,0"; unit "eur" or "pct" (of a share); ``zero``
    goes before a difference that shows as zero ("±0" where a page says "no change")."""
    if value is None:
        return MISSING
    x = float(value)
    if x != x:
        return MISSING
    shown = {"eur": eur, "pct": pct}.get(unit, number)(abs(x), decimals, lang)
    if x - x == 0.0 and _fmt.round_half_up(x * 100 if unit == "pct" else x, decimals) == 0:
        return zero + shown
    return ("+" if x > 0 else MINUS) + shown


def date_text(value: date | datetime, lang: str = DEFAULT_LANG) -> str:
    """29.11.2026 (de) / Nov 29, 2026 (en)."""
    day = value.date() if isinstance(value, datetime) else value
    return babel_dates.format_date(day, format="medium", locale=norm_lang(lang))


def datetime_text(value: datetime, lang: str = DEFAULT_LANG) -> str:
    """29.11.2026, 14:05 (de) / Nov 29, 2026, 2:05 PM (en)."""
    text = babel_dates.format_datetime(value, format="medium", locale=norm_lang(lang))
    text = re.sub(r"(\d{1,2}:\d{2}):\d{2}", r"\1", text)   # minutes are enough
    return text.replace("\u202f", " ").replace("\xa0", " ")


def plotly_separators(lang: str = DEFAULT_LANG) -> str:
    """Plotly's ``layout.separators`` for the language: ",." for German, ".," for English."""
    s = symbols(lang)
    return s.decimal + s.group
