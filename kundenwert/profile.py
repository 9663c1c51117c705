"""One customer's profile: ratings against class and list, contributions, flags, what lifts them.

Pure: works on a ``CustomerList`` and its ``ScoreResult``; no Streamlit. All ratings shown here are
*after direction* (``r' = 10 − r`` for "high = bad" criteria), so that higher is always better and
the radar chart reads "outward = better".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import report
from .criteria import label
from .dataset import CustomerList
from .report_text import lift_note, not_scorable_reason
from .scoring import CLASSES, ScoreResult

NEXT_CLASS = {"B": "A", "C": "B"}


@dataclass
class CriterionLine:
    key: str
    label: str
    weight: float
    reversed: bool
    rating: float               # raw rating as in the file (NaN = missing)
    adjusted: float             # after direction (NaN = missing)
    class_avg: float            # average adjusted rating of the customer's class
    list_avg: float             # average adjusted rating of the whole list
    contribution: float         # wᵢ·r'ᵢ / Σ w over present criteria (0 where missing)
    gain: float                 # score gain from +1 point on r' (capped at 10); 0 if missing

    @property
    def missing(self) -> bool:
        return math.isnan(self.rating)


@dataclass
class Flag:
    key: str                    # "slow_payer", "key_account", "low_order_revenue", "incomplete", …
    label: str                  # short German label
    detail: str                 # one sentence: why, and what to do


@dataclass
class LiftStep:
    key: str
    label: str
    rating_from: float          # raw rating now
    rating_to: float            # raw rating needed (respecting direction)
    score_gain: float


@dataclass
class Lift:
    current: str                # current class ('' = not scorable)
    target: str | None          # next class up, None for A / not scorable
    method: str
    target_score: float | None  # score needed for the next class (None if the score does not decide it)
    gap: float | None           # target_score − score (≥ 0), None if not applicable
    note: str                   # plain German sentence
    gains: list[CriterionLine] = field(default_factory=list)   # criteria by gain per point, best first
    plan: list[LiftStep] = field(default_factory=list)         # fewest one-point steps that close the gap
    reachable: bool = True      # False if even 10 on every criterion does not close the gap


@dataclass
class CustomerProfile:
    position: int               # row position in the customer list / result frame
    id: str
    name: str
    row: int                    # Excel row
    scorable: bool
    score: float
    value_eur: float
    clv: float | None
    rank: int | None
    scored_count: int
    klass: str
    missing: int
    reason: str                 # why not scorable, in the profile's language ("" when scorable)
    revenue: float | None
    margin: float | None
    orders: float | None
    status: str | None
    recommend: float | None
    criteria: list[CriterionLine]
    flags: list[Flag]
    lift: Lift

    @property
    def contribution_sum(self) -> float:
        return float(sum(c.contribution for c in self.criteria))


def adjusted_ratings(cl: CustomerList, result: ScoreResult) -> np.ndarray:
    """Ratings after direction (customers × criteria, NaN = missing)."""
    rev = np.array([result.scenario.is_reversed(k) for k in result.criteria], dtype=bool)
    return np.where(rev, 10.0 - cl.ratings, cl.ratings)


def averages(cl: CustomerList, result: ScoreResult) -> dict[str, np.ndarray]:
    """Average adjusted rating per criterion: for the whole list ("all") and per class."""
    adj = adjusted_ratings(cl, result)
    classes = result.frame["class"].to_numpy(dtype=object)
    out = {"all": _nanmean(adj)}
    for c in CLASSES:
        mask = classes == c
        out[c] = _nanmean(adj[mask]) if mask.any() else np.full(adj.shape[1], np.nan)
    return out


def _nanmean(a: np.ndarray) -> np.ndarray:
    if a.shape[0] == 0:
        return np.full(a.shape[1], np.nan)
    present = ~np.isnan(a)
    counts = present.sum(axis=0)
    sums = np.where(present, a, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def lift_gains(adjusted: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Score gain per criterion from +1 point on r' (capped at 10), for one customer's ratings.

    score = Σ wᵢ·r'ᵢ / W with W the weight of the present criteria, so +Δ on criterion i adds
    wᵢ·Δ / W. Missing ratings gain nothing here (adding one would change W).
    """
    present = ~np.isnan(adjusted)
    total = float(weights[present].sum())
    if total <= 0:
        return np.zeros_like(weights, dtype=float)
    delta = np.where(present, np.minimum(10.0, adjusted + 1.0) - adjusted, 0.0)
    return np.where(present, weights * np.nan_to_num(delta) / total, 0.0)


def lift_plan(adjusted: np.ndarray, weights: np.ndarray, reversed_: np.ndarray, gap: float,
              keys: list[str], lang: str = "de") -> tuple[list[LiftStep], bool]:
    """The fewest whole-point rises that close ``gap``: raise the heaviest criteria first (ties: weakest).

    Returns the steps (per criterion: raw rating now → needed) and whether the gap can be closed.
    """
    present = ~np.isnan(adjusted)
    total = float(weights[present].sum())
    if gap <= 0:
        return [], True
    if total <= 0:
        return [], False
    # heaviest weight first; among equal weights the weakest rating (most room, the natural lever)
    order = sorted((i for i in range(len(keys)) if present[i] and weights[i] > 0),
                   key=lambda i: (-weights[i], adjusted[i], i))
    remaining = gap
    steps: list[LiftStep] = []
    for i in order:
        room = 10.0 - adjusted[i]
        if room <= 1e-12:
            continue
        per_point = weights[i] / total
        points = min(room, math.ceil(remaining / per_point - 1e-9))
        new_adj = min(10.0, adjusted[i] + points)
        gained = (new_adj - adjusted[i]) * per_point
        raw_from = 10.0 - adjusted[i] if reversed_[i] else adjusted[i]
        raw_to = 10.0 - new_adj if reversed_[i] else new_adj
        steps.append(LiftStep(keys[i], label(keys[i], lang), float(raw_from), float(raw_to), float(gained)))
        remaining -= gained
        if remaining <= 1e-9:
            return steps, True
    return steps, False


def _next_class_floor(result: ScoreResult, target: str) -> float | None:
    """Lowest score among the customers in class ``target`` (None if the class is empty)."""
    f = result.frame
    scores = f.loc[f["class"] == target, "score"].to_numpy(dtype=float)
    return float(scores.min()) if scores.size else None


def _lift(result: ScoreResult, pos: int, klass: str, score: float, adjusted: np.ndarray,
          lines: list[CriterionLine], lang: str = "de") -> Lift:
    scenario = result.scenario
    method = scenario.class_method
    gains = sorted((ln for ln in lines if ln.gain > 0), key=lambda ln: (-ln.gain, ln.adjusted))
    if not klass:
        return Lift(klass, None, method, None, None, lift_note("no_score", lang), gains)
    if klass == "A":
        return Lift(klass, None, method, None, None, lift_note("top", lang), gains)
    target = NEXT_CLASS[klass]
    if method == "score":
        a, b = scenario.thresholds
        target_score = float(a if target == "A" else b)
        note = lift_note("score", lang, target=target, score=target_score)
    elif method == "pareto" and scenario.pareto_basis != "value_eur":
        return Lift(klass, target, method, None, None, lift_note("basis", lang, basis=scenario.pareto_basis), gains)
    else:
        floor = _next_class_floor(result, target)
        if floor is None:
            return Lift(klass, target, method, None, None, lift_note("empty", lang, target=target), gains)
        target_score = floor
        note = lift_note("floor", lang, target=target, score=floor, rule=report.class_rule_short(scenario, lang))
    gap = max(0.0, target_score - score)
    keys = [ln.key for ln in lines]
    weights = np.array([ln.weight for ln in lines], dtype=float)
    rev = np.array([ln.reversed for ln in lines], dtype=bool)
    # beat the floor for rank/pareto: a hair above; for score thresholds reaching it is enough
    plan_gap = gap if method == "score" else gap + 1e-6
    plan, reachable = lift_plan(adjusted, weights, rev, plan_gap, keys, lang)
    return Lift(klass, target, method, target_score, gap, note, gains, plan, reachable)


def customer_profile(cl: CustomerList, result: ScoreResult, position: int, *,
                     avgs: dict[str, np.ndarray] | None = None,
                     min_order_revenue: float | None = None,
                     flags: report.Flags | None = None, lang: str = "de") -> CustomerProfile:
    """Everything the profile page shows for the customer at row ``position`` of the list."""
    f = result.frame
    row = f.iloc[position]
    avgs = avgs if avgs is not None else averages(cl, result)
    klass = str(row["class"] or "")
    scorable = bool(row["scorable"])
    raw = cl.ratings[position]
    rev = np.array([result.scenario.is_reversed(k) for k in result.criteria], dtype=bool)
    adjusted = np.where(rev, 10.0 - raw, raw)
    weights = np.asarray(result.weights, dtype=float)
    gains = lift_gains(adjusted, weights) if scorable else np.zeros_like(weights)
    contributions = result.contributions_at(position)
    class_avg = avgs.get(klass) if klass else None
    lines = []
    for j, key in enumerate(result.criteria):
        lines.append(CriterionLine(
            key=key, label=label(key, lang), weight=float(weights[j]), reversed=bool(rev[j]), rating=float(raw[j]),
            adjusted=float(adjusted[j]), class_avg=float(class_avg[j]) if class_avg is not None else math.nan,
            list_avg=float(avgs["all"][j]), contribution=float(contributions[j]) if scorable else 0.0,
            gain=float(gains[j]),
        ))

    def opt(key: str) -> float | None:
        if key not in f.columns:
            return None
        v = row[key]
        return None if v is None or pd.isna(v) else float(v)

    code = str(row["reason_code"]) if "reason_code" in f.columns else ""
    reason = (not_scorable_reason(code, weight_share=float(row["weight_share"]), missing=int(row["missing"]),
                                  criteria=len(result.criteria), lang=lang) if code else str(row["reason"]))
    status = row["status"] if "status" in f.columns and isinstance(row.get("status"), str) else None
    score = float(row["score"]) if scorable else math.nan
    rank = int(row["rank"]) if scorable and not pd.isna(row["rank"]) else None
    profile = CustomerProfile(
        position=position, id=str(row["id"]), name=str(row["name"]), row=int(row["row"]), scorable=scorable,
        score=score, value_eur=float(row["value_eur"]) if scorable else math.nan, clv=opt("clv"), rank=rank,
        scored_count=int(f["scorable"].sum()), klass=klass, missing=int(row["missing"]), reason=reason,
        revenue=opt("revenue"), margin=opt("margin"), orders=opt("orders"), status=status,
        recommend=opt("recommend"), criteria=lines, flags=[], lift=Lift(klass, None, "", None, None, ""),
    )
    if flags is None:
        flags = report.customer_flags(cl, result, report.Settings(min_order_revenue=min_order_revenue))
    profile.flags = flags_for(profile, flags, lang)
    profile.lift = _lift(result, position, klass, score, adjusted, lines, lang)
    return profile


def flags_for(p: CustomerProfile, flags: report.Flags, lang: str = "de") -> list[Flag]:
    """The customer's flags (rules in ``report.customer_flags``), each with a one-sentence reason."""
    pay = next((c for c in p.criteria if c.key == "payment_behaviour"), None)
    params = {"payment": pay.adjusted if pay is not None else math.nan,
              "revenue": p.revenue if p.revenue is not None else math.nan,
              "orders": p.orders if p.orders is not None else math.nan,
              "margin": p.margin if p.margin is not None else math.nan, "missing": p.missing, "reason": p.reason,
              "key_account_from": flags.key_account_from, "min_order_revenue": flags.min_order_revenue}
    return [Flag(code, report.flag_label(code, lang), report.flag_detail(code, lang=lang, **params))
            for code in flags.codes(p.position)]


def search_customers(frame: pd.DataFrame, query: str, limit: int = 200) -> np.ndarray:
    """Positions of customers whose name or id contains ``query`` (case-insensitive), best rank first."""
    q = query.strip().lower()
    if not q:
        return np.empty(0, dtype=np.int64)
    names = frame["name"].astype(str).str.lower()
    ids = frame["id"].astype(str).str.lower()
    exact = (ids == q).to_numpy()
    hit = (names.str.contains(q, regex=False) | ids.str.contains(q, regex=False)).to_numpy()
    pos = np.flatnonzero(hit)
    rank = pd.to_numeric(frame["rank"], errors="coerce").to_numpy(dtype=float)[pos]
    order = np.lexsort((np.nan_to_num(rank, nan=np.inf), ~exact[pos]))
    return pos[order][:limit]
