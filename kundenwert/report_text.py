"""German sentences for what the report layer finds: one function per sentence, codes + parameters in.

The engine hands out codes and numbers; this module is the only place that turns them into words
(an English catalogue can sit beside it later). Numbers are formatted with kundenwert.fmt.
"""

from __future__ import annotations

from .fmt import fmt_num, plural


def not_scorable_reason(code: str, *, weight_share: float = 0.0, missing: int = 0, criteria: int = 0) -> str:
    """Why a customer has no score."""
    if code == "no_ratings":
        return "Die Liste hat keine Bewertungsspalten – ohne Bewertungen kein Score."
    verb = "fehlt" if missing == 1 else "fehlen"
    return (f"Bewertungen für nur {fmt_num(weight_share * 100, 0)} % des Gesamtgewichts vorhanden "
            f"({fmt_num(missing, 0)} von {plural(criteria, 'Kriterium', 'Kriterien')} {verb}; mindestens 50 % nötig)")
