"""Number formatting (German by default: 1.234,56 €, 7,5, 12 %; the rules in ``i18n.numbers``) and the
one rounding rule for every display.

Rounding for display is half up on the decimal value a person reads (6,25 → 6,3; 4,35 → 4,4), on
the number's first 15 significant digits as Excel does, so float noise (6,249999999999999 for an
exact 6,25) does not decide it. App, CLI text, Excel and HTML all round through ``round_half_up``.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def round_half_up(value: float, decimals: int = 1) -> float:
    """The displayed value: half up (away from zero) on the decimal value, 15 significant digits."""
    x = float(value)
    if not math.isfinite(x) or abs(x) >= 1e15:  # no decimals left to round
        return x
    scaled = abs(x) * 10.0 ** decimals
    if abs(scaled - math.floor(scaled) - 0.5) > max(1e-7, scaled * 1e-13):
        return round(x, decimals)  # clearly not a tie: the plain rounding is the same, and 5× faster
    quant = Decimal(1).scaleb(-decimals)
    return float(Decimal(format(x, ".15g")).quantize(quant, rounding=ROUND_HALF_UP))


def round_half_up_array(values: object, decimals: int = 1) -> np.ndarray:
    """``round_half_up`` over an array: numpy rounding where it agrees, the exact rule at near-ties."""
    x = np.asarray(values, dtype=float)
    out = np.round(x, decimals)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.abs(x) * 10.0 ** decimals
        tie = np.isfinite(x) & (np.abs(x) < 1e15) & (
            np.abs(scaled - np.floor(scaled) - 0.5) <= np.maximum(1e-7, scaled * 1e-13))
    for i in np.flatnonzero(tie):
        out.flat[i] = round_half_up(float(x.flat[i]), decimals)
    return out


def fmt_num(value: object, decimals: int = 1, lang: str = "de") -> str:
    """1234.5 -> "1.234,5" ("1,234.5" in English); missing -> "–"; rounded half up (see ``round_half_up``)."""
    return _numbers.number(value, decimals, lang)


def fmt_eur(value: object, decimals: int = 2, lang: str = "de") -> str:
    """1234.56 -> "1.234,56 €" ("€1,234.56" in English)."""
    return _numbers.eur(value, decimals, lang)


def fmt_pct(share: object, decimals: int = 0, lang: str = "de") -> str:
    """0.125 -> "12,5 %" with decimals=1 ("12.5%" in English)."""
    return _numbers.pct(share, decimals, lang)


def fmt_signed(value: object, decimals: int = 1, lang: str = "de", unit: str = "", zero: str = "") -> str:
    """A difference with a real minus sign: "+1,5", "−0,3"; unit "eur" or "pct"; ``zero``: "±" for "±0"."""
    return _numbers.signed(value, decimals, lang, unit=unit, zero=zero)


def plural(n: object, one: str, many: str, lang: str = "de") -> str:
    """A count with its word in the right number: plural(1, "Kunde", "Kunden") -> "1 Kunde",
    plural(1234, "Kunde", "Kunden") -> "1.234 Kunden"."""
    return f"{fmt_num(n, 0, lang)} {one if n == 1 else many}"


from .i18n import numbers as _numbers  # noqa: E402 – the rules need round_half_up above (one rounding rule)
