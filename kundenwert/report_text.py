"""Sentences for what the report layer finds: one function per sentence, codes + parameters in.

The engine hands out codes and numbers; this module turns them into words from the catalogue
(:mod:`kundenwert.i18n`) in the language asked for, German by default. Numbers are formatted for
that language.
"""

from __future__ import annotations

import numpy as np

from .fmt import fmt_eur, fmt_num, fmt_pct
from .i18n import text


def not_scorable_reason(code: str, *, weight_share: float = 0.0, missing: int = 0, criteria: int = 0,
                        lang: str = "de") -> str:
    """Why a customer has no score."""
    if code == "no_ratings":
        return text("report.not_scorable.no_ratings", lang)
    return text("report.not_scorable.low_weight_share", lang, share=fmt_pct(weight_share, 0, lang),
                missing=int(missing), criteria=int(criteria))


def not_scorable_reasons(frame, criteria: int, lang: str = "de") -> np.ndarray:
    """The reason of every not scorable row of a result frame (reason_code, weight_share, missing) in ``lang``."""
    out = np.full(len(frame), "", dtype=object)
    codes = frame["reason_code"].astype(str).to_numpy()
    shares = frame["weight_share"].to_numpy(dtype=float)
    missing = frame["missing"].to_numpy()
    for i in np.flatnonzero(codes != ""):
        out[i] = not_scorable_reason(codes[i], weight_share=float(shares[i]), missing=int(missing[i]),
                                     criteria=criteria, lang=lang)
    return out


def accounting_sentence(read: int, scored: int, not_scorable: int, rejected: int, skipped: int, unrated: int = 0,
                        lang: str = "de") -> str:
    """'Gelesen: 14 Zeilen = 9 bewertet + 1 nicht bewertbar + 2 abgelehnt + 2 übersprungen'."""
    def part(key: str, n: int) -> str:
        return text(f"report.acc.{key}", lang, n=int(n))
    parts = [part("scored", scored), part("not_scorable", not_scorable)]
    if unrated:
        parts = [part("unrated", unrated)]
    parts += [part("rejected", rejected), part("skipped", skipped)]
    return text("report.acc.sentence", lang, read=int(read), parts=" + ".join(parts))


def threshold_text(method: str, value: float, lang: str = "de") -> str:
    """A class threshold as shown: a score with one decimal, else a percentage."""
    return fmt_num(value, 1, lang) if method == "score" else fmt_pct(value / 100, 0, lang)


def default_threshold_text(method: str, value: float, lang: str = "de") -> str:
    return fmt_num(value, 0, lang) if method == "score" else fmt_pct(value / 100, 0, lang)


def class_rule_short(method: str, a: float, b: float, basis: str | None, lang: str = "de") -> str:
    params = {"method": text(f"method.{method}", lang), "a": threshold_text(method, a, lang),
              "b": threshold_text(method, b, lang)}
    if method == "pareto" and basis is not None:
        return text("rule.short_basis", lang, basis=text(f"basis.{basis}", lang), **params)
    return text("rule.short", lang, **params)


def class_rule_text(method: str, a: float, b: float, basis: str | None, lang: str = "de") -> str:
    params = {"a": threshold_text(method, a, lang), "b": threshold_text(method, b, lang)}
    if method == "pareto":
        params |= {"basis": text(f"basis.{basis}", lang), "basis_of": text(f"basis_of.{basis}", lang)}
    return text(f"rule.text.{method}", lang, **params)


def flag_detail(code: str, *, payment: float, revenue: float, orders: float, margin: float, missing: int,
                reason: str, key_account_from: float | None, min_order_revenue: float | None, slow_payer_max: float,
                key_account_share: float, lang: str = "de") -> str:
    """One sentence per flag: why, and what to do."""
    if code == "slow_payer":
        return text("flag_detail.slow_payer", lang, payment=fmt_num(payment, 1, lang),
                    limit=fmt_num(slow_payer_max, 0, lang))
    if code == "key_account":
        return text("flag_detail.key_account", lang, revenue=fmt_eur(revenue, 0, lang),
                    share=fmt_pct(key_account_share, 0, lang), start=fmt_eur(key_account_from, 0, lang))
    if code == "low_order_revenue":
        return text("flag_detail.low_order_revenue", lang, per_order=fmt_eur(revenue / orders, 0, lang),
                    orders=int(orders), minimum=fmt_eur(min_order_revenue, 0, lang))
    if code == "loss":
        return text("flag_detail.loss", lang, margin=fmt_eur(margin, 0, lang))
    if code == "not_scorable":
        return reason or text("flag_detail.not_scorable", lang)
    return text("flag_detail.incomplete", lang, missing=int(missing))


def lift_note(kind: str, lang: str = "de", *, target: str = "", score: float = 0.0, basis: str = "",
              rule: str = "") -> str:
    """What lifts a customer into the next class (profile), one sentence per case."""
    params: dict = {}
    if kind in ("score", "floor", "empty"):
        params["target"] = target
    if kind == "score":
        params["score"] = fmt_num(score, 1, lang)
    if kind == "floor":
        params |= {"score": fmt_num(score, 2, lang), "rule": rule}
    if kind == "basis":
        params["basis"] = text(f"basis.{basis}", lang)
    return text(f"lift.{kind}", lang, **params)

