"""Everything shown about a result, computed once: the one home for each derived rule.

Pages, the CLI and the exports call these functions with the user's settings and only format:
row accounting, class summary, the class rule, customer flags, the after-sales matrix with the
user's "satisfied from" threshold, NPS. Findings come out as codes plus parameters; the German
sentence for each is built by exactly one function here or in ``report_text``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from . import report_text
from .dataset import CustomerList
from .fmt import fmt_num, fmt_pct
from .i18n import text
from .matrix import DEFAULT_SATISFIED_FROM, STUDY_RATES, MatrixResult, after_sales_matrix
from .nps import NpsResult, net_promoter_score
from .scenario import CLASS_METHODS, DEFAULT_THRESHOLDS, Scenario
from .scoring import CLASSES, ScoreResult

SLOW_PAYER_MAX = 3.0            # payment behaviour (after direction) at or below: consider prepayment
KEY_ACCOUNT_SHARE = 0.05        # top 5 % by revenue
SCORE_DECIMALS = 1              # a score is shown with one decimal everywhere
BASES = ("value_eur", "revenue", "margin")


def scenario_name(scenario: Scenario, lang: str = "de") -> str:
    """A scenario's name as shown: a preset's name and the name of one's own weighting (the sidebar's, a
    link's) in ``lang``, any other name as the user gave it (stored names stay as stored)."""
    from .links import DEFAULT_NAME
    from .scenario import PRESETS

    if scenario.name == DEFAULT_NAME:
        return text("link.default_name", lang)
    key = next((k for k, p in PRESETS.items() if p.name == scenario.name), None)
    return text(f"preset.{key}", lang) if key is not None else scenario.name


def basis_label(basis: str, lang: str = "de") -> str:
    """'Umsatz' / 'revenue': the value basis of a Pareto classification in words."""
    return text(f"basis.{basis}", lang) if basis in BASES else basis


def has_ratings(cl: CustomerList | None) -> bool:
    """Whether the list has rating columns at all (a survey list with only matrix/NPS columns has none)."""
    return cl is not None and bool(cl.criteria)


def no_ratings_sentence(lang: str = "de") -> str:
    """What the ranking edges say for a list without rating columns."""
    return text("report.no_ratings", lang)


# ------------------------------------------------------------------------------------- settings

def key_account_threshold(frame: pd.DataFrame, share: float = KEY_ACCOUNT_SHARE) -> float | None:
    """Revenue from which a customer is among the top ``share`` of customers by revenue."""
    if "revenue" not in frame.columns:
        return None
    rev = pd.to_numeric(frame["revenue"], errors="coerce").to_numpy(dtype=float)
    rev = rev[~np.isnan(rev)]
    if rev.size == 0:
        return None
    k = max(1, math.ceil(rev.size * share))
    kth = float(np.partition(rev, rev.size - k)[rev.size - k])
    return kth if kth > 0 else None


def default_min_order_revenue(frame: pd.DataFrame) -> float | None:
    """A sensible default for the minimum revenue per order: a quarter of the list's median, rounded."""
    if "revenue" not in frame.columns or "orders" not in frame.columns:
        return None
    rev = pd.to_numeric(frame["revenue"], errors="coerce").to_numpy(dtype=float)
    orders = pd.to_numeric(frame["orders"], errors="coerce").to_numpy(dtype=float)
    ok = ~np.isnan(rev) & ~np.isnan(orders) & (orders > 0)
    if not ok.any():
        return None
    median = float(np.median(rev[ok] / orders[ok]))
    if median <= 0:
        return None
    raw = median / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(round(raw / magnitude) * magnitude)


@dataclass(frozen=True)
class Settings:
    """The user's settings that change what is shown beyond the scenario (passed to every edge)."""

    min_order_revenue: float | None = None      # flag customers below this revenue per order; None: no check
    satisfied_from: float = DEFAULT_SATISFIED_FROM  # matrix: a 0–10 satisfaction from this value is "satisfied"
    key_account_share: float = KEY_ACCOUNT_SHARE

    def to_dict(self) -> dict:
        return asdict(self)


def settings_for(result: ScoreResult, *, min_order_revenue: float | None = None,
                 satisfied_from: float | None = None) -> Settings:
    """The settings with the list's defaults filled in where the user set nothing."""
    if min_order_revenue is None:
        min_order_revenue = default_min_order_revenue(result.frame)
    return Settings(min_order_revenue=min_order_revenue,
                    satisfied_from=DEFAULT_SATISFIED_FROM if satisfied_from is None else float(satisfied_from))


# ------------------------------------------------------------------------------------ accounting

@dataclass(frozen=True)
class Accounting:
    """Every data row in exactly one place: scored + not scorable + rejected + skipped = rows read."""

    rows_read: int
    scored: int
    not_scorable: int
    rejected: int
    skipped: int
    incomplete: int = 0          # part of scored
    unrated: int = 0             # customers without a result: no rating columns, or no score possible

    @property
    def balanced(self) -> bool:
        return self.scored + self.not_scorable + self.unrated + self.rejected + self.skipped == self.rows_read

    def to_dict(self) -> dict:
        """The counts that add up (``incomplete`` is part of ``scored`` and reported on its own;
        ``unrated`` only appears when the list could not be scored at all)."""
        out = {"rows_read": self.rows_read, "scored": self.scored, "not_scorable": self.not_scorable,
               "rejected": self.rejected, "skipped": self.skipped}
        if self.unrated:
            out["unrated"] = self.unrated
        return out


def accounting(cl: CustomerList, result: ScoreResult | None) -> Accounting:
    """The row accounting of a list; without a result (no ratings, or all weights 0) its customers
    count as "ohne Bewertung" (validate scores with the default scenario, too)."""
    if result is None or not has_ratings(cl):
        return Accounting(rows_read=int(cl.rows_read), scored=0, not_scorable=0, unrated=len(cl.customers),
                          rejected=len(cl.rejected), skipped=len(cl.skipped))
    f = result.frame
    scored = int(f["scorable"].sum())
    return Accounting(rows_read=int(cl.rows_read), scored=scored, incomplete=int(f["incomplete"].sum()),
                      not_scorable=len(f) - scored, rejected=len(cl.rejected), skipped=len(cl.skipped))


def accounting_sentence(acc: Accounting, lang: str = "de") -> str:
    """'Gelesen: 14 Zeilen = 9 bewertet + 1 nicht bewertbar + 2 abgelehnt + 2 übersprungen'."""
    return report_text.accounting_sentence(acc.rows_read, acc.scored, acc.not_scorable, acc.rejected, acc.skipped,
                                           acc.unrated, lang)


# ------------------------------------------------------------------------------------ class rule

def class_method_label(method: str, lang: str = "de") -> str:
    return text(f"method.{method}", lang) if method in CLASS_METHODS else method


def class_rule(scenario: Scenario) -> tuple[str, dict]:
    """The active class rule as a code and its parameters."""
    a, b = scenario.thresholds
    params = {"a": float(a), "b": float(b)}
    if scenario.class_method == "pareto":
        params["basis"] = scenario.pareto_basis
    return scenario.class_method, params


def class_rule_generic(method: str, lang: str = "de") -> str:
    """The rule of a method with the thresholds as letters a and b (method overview, help texts)."""
    return text(f"rule.generic.{method}", lang)


def class_rule_defaults(method: str, lang: str = "de") -> str:
    """'a = 7, b = 4', 'a = 80 %, b = 95 %'."""
    a, b = DEFAULT_THRESHOLDS[method]
    return text("rule.defaults", lang, a=report_text.default_threshold_text(method, a, lang),
                b=report_text.default_threshold_text(method, b, lang))


def class_rule_short(scenario: Scenario, lang: str = "de") -> str:
    """'Score-Schwellen (7,0 / 4,0)', 'Rang-Anteile (20 % / 30 %)', 'Pareto (Wertanteil) nach Umsatz (80 % / 95 %)'."""
    method, p = class_rule(scenario)
    return report_text.class_rule_short(method, p["a"], p["b"], p.get("basis"), lang)


def class_rule_text(scenario: Scenario, lang: str = "de") -> str:
    """One sentence: what the active rule means with the current thresholds."""
    method, p = class_rule(scenario)
    return report_text.class_rule_text(method, p["a"], p["b"], p.get("basis"), lang)


# --------------------------------------------------------------------------------- class summary

@dataclass(frozen=True)
class Headline:
    """The list's headline figures: scored customers, their average score (None: nobody scored), total value."""

    scored: int
    avg_score: float | None
    total_value: float


def headline(result: ScoreResult) -> Headline:
    """The headline figures from the frame's columns (``result.scored`` would copy every column of the scored
    rows, 10,000 rows on every rerun of a page that shows them)."""
    f = result.frame
    scorable = f["scorable"].to_numpy(dtype=bool)
    n = int(scorable.sum())
    avg = float(f["score"].to_numpy(dtype=float)[scorable].mean()) if n else None
    return Headline(n, avg, float(np.nansum(f["value_eur"].to_numpy(dtype=float)[scorable])))


def class_summary(result: ScoreResult) -> pd.DataFrame:
    """Per class: customers, their share, value and its share, revenue and its share, average score."""
    f = result.scored
    n = len(f)
    total_value = float(np.nansum(f["value_eur"].to_numpy(dtype=float)))
    has_revenue = "revenue" in f.columns and f["revenue"].notna().any()
    total_revenue = float(np.nansum(pd.to_numeric(f["revenue"], errors="coerce"))) if has_revenue else 0.0
    rows = []
    for c in CLASSES:
        part = f[f["class"] == c]
        value = float(np.nansum(part["value_eur"].to_numpy(dtype=float)))
        row = {"class": c, "customers": len(part), "share_customers": len(part) / n if n else np.nan,
               "value": value, "share_value": value / total_value if total_value else np.nan,
               "avg_score": float(part["score"].mean()) if len(part) else np.nan}
        if has_revenue:
            revenue = float(np.nansum(pd.to_numeric(part["revenue"], errors="coerce")))
            row["revenue"] = revenue
            row["share_revenue"] = revenue / total_revenue if total_revenue else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------- flags

FLAG_CODES = ("slow_payer", "key_account", "low_order_revenue", "loss", "not_scorable", "incomplete")


@dataclass
class Flags:
    """Per flag code a bool mask over the customers (result.frame order), and the limits used."""

    masks: dict[str, np.ndarray]
    key_account_from: float | None
    min_order_revenue: float | None

    def codes(self, position: int) -> list[str]:
        return [c for c in FLAG_CODES if self.masks[c][position]]

    def counts(self) -> dict[str, int]:
        return {c: int(self.masks[c].sum()) for c in FLAG_CODES}


def _column(frame: pd.DataFrame, key: str) -> np.ndarray | None:
    return pd.to_numeric(frame[key], errors="coerce").to_numpy(dtype=float) if key in frame.columns else None


def adjusted_payment(cl: CustomerList, result: ScoreResult) -> np.ndarray | None:
    """Payment behaviour after direction (NaN = missing), None if the list has no such rating."""
    if "payment_behaviour" not in result.criteria:
        return None
    pay = cl.ratings[:, result.criteria.index("payment_behaviour")]
    return 10.0 - pay if result.scenario.is_reversed("payment_behaviour") else pay


def customer_flags(cl: CustomerList, result: ScoreResult, settings: Settings) -> Flags:
    """The flags a manager acts on, for every customer, with every user setting passed in."""
    f = result.frame
    n = len(f)
    none = np.zeros(n, dtype=bool)
    pay = adjusted_payment(cl, result)
    revenue, orders, margin = _column(f, "revenue"), _column(f, "orders"), _column(f, "margin")
    ka = key_account_threshold(f, settings.key_account_share)
    masks = {"slow_payer": none if pay is None else np.nan_to_num(pay, nan=np.inf) <= SLOW_PAYER_MAX,
             "key_account": none if ka is None or revenue is None else np.nan_to_num(revenue, nan=-np.inf) >= ka}
    min_order = settings.min_order_revenue
    if min_order is not None and revenue is not None and orders is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            per_order = np.where(orders > 0, revenue / np.where(orders > 0, orders, 1.0), np.nan)
        masks["low_order_revenue"] = np.nan_to_num(per_order, nan=np.inf) < min_order
    else:
        masks["low_order_revenue"] = none
    masks["loss"] = none if margin is None else np.nan_to_num(margin, nan=0.0) < 0
    scorable = f["scorable"].to_numpy(dtype=bool)
    masks["not_scorable"] = ~scorable
    masks["incomplete"] = scorable & (f["missing"].to_numpy() > 0)
    return Flags(masks, ka, min_order)


def flag_label(code: str, lang: str = "de") -> str:
    return text(f"flag.{code}", lang)


def flag_detail(code: str, *, payment: float = math.nan, revenue: float = math.nan, orders: float = math.nan,
                margin: float = math.nan, missing: int = 0, reason: str = "", key_account_from: float | None = None,
                min_order_revenue: float | None = None, lang: str = "de") -> str:
    """One sentence per flag: why, and what to do."""
    return report_text.flag_detail(code, payment=payment, revenue=revenue, orders=orders, margin=margin,
                                   missing=missing, reason=reason, key_account_from=key_account_from,
                                   min_order_revenue=min_order_revenue, slow_payer_max=SLOW_PAYER_MAX,
                                   key_account_share=KEY_ACCOUNT_SHARE, lang=lang)


def flag_summary(flags: Flags, lang: str = "de") -> np.ndarray:
    """Per customer the labels of their flags joined by '; ' (the export's "Hinweise" column)."""
    n = len(next(iter(flags.masks.values())))
    out = np.full(n, "", dtype=object)
    for code in FLAG_CODES:
        mask = flags.masks[code]
        label = flag_label(code, lang)
        out = np.where(mask, np.where(out != "", out + "; " + label, label), out)
    return out


# ------------------------------------------------------------------------------- matrix and NPS

def matrix(cl: CustomerList | None, settings: Settings) -> MatrixResult:
    """The after-sales matrix with the user's "satisfied from" threshold."""
    return after_sales_matrix(cl, settings.satisfied_from)


def yes_no(value: bool, lang: str = "de") -> str:
    return text("word.yes" if value else "word.no", lang)


def study_table(lang: str = "de") -> pd.DataFrame:
    """The study's repurchase rates (``matrix.STUDY_RATES``) as the pages show them."""
    order = [(True, True), (False, True), (True, False), (False, False)]
    return pd.DataFrame({
        text("study.sale", lang): [yes_no(s, lang) for s, _ in order],
        text("study.aftersales", lang): [yes_no(a, lang) for _, a in order],
        text("study.repurchase", lang): [fmt_pct(STUDY_RATES[k], 0, lang) for k in order],
    })


def study_reading(lang: str = "de") -> str:
    """How to read the study, in one sentence with its rates."""
    return text("study.reading", lang, both=fmt_pct(STUDY_RATES[(True, True)], 0, lang),
                service=fmt_pct(STUDY_RATES[(False, True)], 0, lang), sale=fmt_pct(STUDY_RATES[(True, False)], 0, lang))


def nps(cl: CustomerList | None) -> NpsResult | None:
    """Net Promoter Score of the list's "would recommend" column, None without that column."""
    if cl is None or not cl.has("recommend"):
        return None
    return net_promoter_score(cl.customers["recommend"].to_numpy(dtype=float))


# ---------------------------------------------------------------------------------- numbers shown

def euro_per_point_source(result: ScoreResult, lang: str = "de") -> str:
    """Where the result's € per point comes from, in words ("aus dem Deckungsbeitrag abgeleitet")."""
    return text(f"epp.source.{result.euro_per_point_source}", lang)


def score_shown(score: float, lang: str = "de") -> str:
    """A score as every edge shows it: one decimal, half up."""
    return fmt_num(score, SCORE_DECIMALS, lang)


def not_scorable_reasons(result: ScoreResult, lang: str = "de") -> np.ndarray:
    """Why each customer of ``result.not_scorable`` has no score, in ``lang`` (in that order)."""
    return report_text.not_scorable_reasons(result.not_scorable, len(result.criteria), lang)
