"""German number formatting: 1.234,56 €, 7,5, 12 %."""

from __future__ import annotations

import math


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_num(value: object, decimals: int = 1) -> str:
    """1234.5 -> "1.234,5"; missing -> "–"."""
    if _is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_eur(value: object, decimals: int = 2) -> str:
    """1234.56 -> "1.234,56 €"."""
    return "–" if _is_missing(value) else f"{fmt_num(value, decimals)} €"


def fmt_pct(share: object, decimals: int = 0) -> str:
    """0.125 -> "12,5 %" with decimals=1."""
    return "–" if _is_missing(share) else f"{fmt_num(float(share) * 100, decimals)} %"


def plural(n: object, one: str, many: str) -> str:
    """A count with its word in the right number: plural(1, "Kunde", "Kunden") -> "1 Kunde",
    plural(1234, "Kunde", "Kunden") -> "1.234 Kunden"."""
    return f"{fmt_num(n, 0)} {one if n == 1 else many}"
