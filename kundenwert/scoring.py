"""Score, money value, CLV and A/B/C classes: vectorised over all customers.

score = Σ wᵢ·r'ᵢ / Σ wᵢ over the criteria a customer has, r' = 10 - r for reversed criteria.
A customer whose present criteria carry less than half the total weight is not scorable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import ScenarioError
from .report_text import not_scorable_reason
from .scenario import Scenario, validate_thresholds

if TYPE_CHECKING:  # for typing only: dataset does not import scoring
    from .dataset import CustomerList

DEFAULT_EURO_PER_POINT = 100.0
# where € per point comes from: derived from the contribution margin, the default, set by the user
EURO_PER_POINT_SOURCES = ("margin", "default", "user")
MIN_WEIGHT_SHARE = 0.5
CLASSES = ("A", "B", "C")


@dataclass
class CoreScores:
    score: np.ndarray          # float64, NaN = not scorable
    contributions: np.ndarray  # customers x criteria; rows add up to score (0 where missing)
    missing: np.ndarray        # int: missing ratings among weighted criteria
    weight_share: np.ndarray   # share of the total weight the present criteria carry
    scorable: np.ndarray       # bool


def weight_vector(criteria: list[str], scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    if not criteria:
        raise ScenarioError.keyed("report.not_scorable.no_ratings")
    weights = np.array([scenario.weight(k) for k in criteria], dtype=float)
    rev = np.array([scenario.is_reversed(k) for k in criteria], dtype=bool)
    if weights.size == 0 or not np.isfinite(weights).all() or weights.sum() <= 0:
        raise ScenarioError.keyed("scoring.all_zero")
    if (weights < 0).any():
        raise ScenarioError.keyed("scoring.negative")
    return weights, rev


def core_scores(ratings: np.ndarray, weights: np.ndarray, reversed_: np.ndarray,
                with_contributions: bool = True) -> CoreScores:
    """The scoring core on a float matrix (NaN = missing). No Python loop over customers."""
    present = ~np.isnan(ratings)
    # w·r' in one pass: r' = r for "high = good", 10 − r for reversed criteria; missing -> 0
    scale = np.where(reversed_, -weights, weights)
    shift = np.where(reversed_, 10.0 * weights, 0.0)
    weighted = ratings * scale
    weighted += shift
    np.nan_to_num(weighted, copy=False, nan=0.0)
    present_weight = present.astype(np.float64) @ weights
    total = weights.sum()
    share = present_weight / total
    scorable = share >= MIN_WEIGHT_SHARE - 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = np.where(scorable, present_weight, np.nan)
        score = weighted.sum(axis=1) / denom
        if with_contributions:
            contributions = weighted / denom[:, None]
            np.nan_to_num(contributions, copy=False, nan=0.0)
        else:
            contributions = np.empty((0, 0))
    missing = (~present & (weights > 0)).sum(axis=1)
    return CoreScores(np.clip(score, 0.0, 10.0), contributions, missing, share, scorable)


TIE_TOLERANCE = 1e-9
REASON_CODES = ("", "low_weight_share", "no_ratings")   # why a customer has no score ("" = scored)
def id_order(cl: CustomerList) -> np.ndarray:
    """The natural id order of a list (computed once, when the list is built: ``ids.natural_order``)."""
    return cl.id_order


def order_by(values: np.ndarray, id_order: np.ndarray, tolerance: float = TIE_TOLERANCE) -> np.ndarray:
    """Positions sorted by value descending, NaN last. Values within ``tolerance`` of their neighbour are
    equal (float noise such as 4.1828125 vs 4.182812500000003 is not an order) and rank by ``id_order``.

    One sort by (value, id); only the runs of near-equal values that float noise split are re-sorted
    by id (none at all when the scores have no noise), so the common case costs one lexsort.
    """
    key = np.where(np.isnan(values), -np.inf, values)
    order = np.lexsort((id_order, -key))
    ordered = key[order]
    with np.errstate(invalid="ignore"):
        gaps = ordered[:-1] - ordered[1:]               # ≥ 0; NaN between two missing values
    noisy = (gaps > 0) & (gaps <= tolerance)
    if not noisy.any():
        return order
    group = np.concatenate(([0], np.cumsum(~(gaps <= tolerance))))  # runs of near-equal values
    pos = np.flatnonzero(np.isin(group, group[1:][noisy]))
    sub = order[pos]
    order[pos] = sub[np.lexsort((id_order[sub], group[pos]))]
    return order


def score_class_codes(score: np.ndarray, a: float, b: float) -> np.ndarray:
    """Score thresholds as codes: 0 = A (score ≥ a), 1 = B (≥ b), 2 = C, -1 = no score. Works on any shape."""
    with np.errstate(invalid="ignore"):
        codes = np.where(score >= a - TIE_TOLERANCE, 0, np.where(score >= b - TIE_TOLERANCE, 1, 2))
    return np.where(np.isnan(score), -1, codes)


def classify(score: np.ndarray, scenario: Scenario, id_order: np.ndarray,
             basis: np.ndarray | None = None) -> np.ndarray:
    """A/B/C per customer ('' for not scorable), by the scenario's method and thresholds."""
    validate_thresholds(scenario.class_method, scenario.thresholds)
    a, b = scenario.thresholds
    ok = ~np.isnan(score)
    out = np.full(score.shape, "", dtype="<U1")
    if scenario.class_method == "score":
        out[ok] = np.array(CLASSES)[score_class_codes(score[ok], a, b)]
        return out
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        return out
    if scenario.class_method == "rank":
        order = idx[order_by(score[idx], id_order[idx])]
        n = idx.size
        n_a = int(np.floor(n * a / 100 + 0.5))
        n_b = min(n - n_a, int(np.floor(n * b / 100 + 0.5)))
        labels = np.full(n, "C", dtype="<U1")
        labels[:n_a] = "A"
        labels[n_a:n_a + n_b] = "B"
        out[order] = labels
        return out
    # Pareto: share of the total held by the customers ranked before
    if basis is None:
        raise ScenarioError.keyed("scoring.no_basis")
    vals = np.where(np.isnan(basis[idx]), 0.0, np.maximum(basis[idx], 0.0))
    order = order_by(vals, id_order[idx])
    sorted_vals = vals[order]
    total = sorted_vals.sum()
    before = np.cumsum(sorted_vals) - sorted_vals
    share = before / total * 100 if total > 0 else np.zeros_like(before)
    labels = np.where(share < a - 1e-9, "A", np.where(share < b - 1e-9, "B", "C"))
    out[idx[order]] = labels
    return out


@dataclass
class ScoreResult:
    scenario: Scenario
    criteria: list[str]
    weights: np.ndarray
    frame: pd.DataFrame        # one row per customer (same order as the customer list)
    ratings: np.ndarray = field(repr=False)  # the list's rating matrix (the same array, not a copy)
    euro_per_point: float
    euro_per_point_source: str  # one of EURO_PER_POINT_SOURCES

    @property
    def contributions(self) -> np.ndarray:
        """Each criterion's part of the score, customers x criteria (rows add up to the score; 0 where a
        rating is missing or there is no score). Computed when asked, not kept with the result: 9.6 MB
        at 100,000 customers x 12 criteria for each result a session remembers (bench/bench_memory.py)."""
        return self.contributions_at(slice(None))

    def contributions_at(self, rows: slice | int) -> np.ndarray:
        """`contributions[rows]`, computing only those rows (the profile of one customer)."""
        if not self.criteria:
            return np.zeros((len(self.frame), 0))[rows]
        ratings = self.ratings[rows]
        rev = np.array([self.scenario.is_reversed(k) for k in self.criteria], dtype=bool)
        one = ratings.ndim == 1
        contributions = core_scores(ratings[None, :] if one else ratings, self.weights, rev).contributions
        return contributions[0] if one else contributions

    @property
    def scored(self) -> pd.DataFrame:
        return self.frame[self.frame["scorable"]]

    @property
    def not_scorable(self) -> pd.DataFrame:
        return self.frame[~self.frame["scorable"]]

    def class_counts(self) -> dict[str, int]:
        counts = self.frame["class"].value_counts()
        return {c: int(counts.get(c, 0)) for c in CLASSES}

    def ranking(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The scorable customers by rank (only `columns`, if given): one take of the rows in rank order
        (selecting the scorable rows and then sorting them took every column twice; 50,000 rows: 0.07 s)."""
        frame = self.frame if columns is None else self.frame[list(columns)]
        rank = self.frame["rank"].to_numpy(dtype=float, na_value=np.nan)
        scorable = np.flatnonzero(self.frame["scorable"].to_numpy(dtype=bool))
        return frame.take(scorable[np.argsort(rank[scorable], kind="stable")])


def euro_per_point_for(cl: CustomerList, score: np.ndarray, scenario: Scenario) -> tuple[float, str]:
    if scenario.euro_per_point is not None:
        return float(scenario.euro_per_point), "user"
    if cl.has("margin"):
        ok = ~np.isnan(score)
        margin = cl.customers["margin"].to_numpy(dtype=float)
        total_margin = np.nansum(margin[ok])
        total_score = score[ok].sum()
        if total_margin > 0 and total_score > 0:
            return float(total_margin / total_score), "margin"
    return DEFAULT_EURO_PER_POINT, "default"


def clv(margin: np.ndarray, retention: float, discount: float) -> np.ndarray:
    """Customer lifetime value: margin × r / (1 + d − r)."""
    return margin * retention / (1.0 + discount - retention)


def _no_ratings_core(n: int) -> CoreScores:
    """A list without rating columns: nobody has a score, nobody is "incomplete"."""
    return CoreScores(np.full(n, np.nan), np.zeros((n, 0)), np.zeros(n, dtype=np.int64), np.zeros(n),
                      np.zeros(n, dtype=bool))


def score(cl: CustomerList, scenario: Scenario) -> ScoreResult:
    """Score, value, CLV, class and rank for every customer of the list.

    A list without rating columns (a survey with only matrix or NPS columns) is scored, too: every
    customer is "not scorable" with reason code ``no_ratings`` (pages check ``report.has_ratings``).
    """
    if cl.criteria:
        weights, rev = weight_vector(cl.criteria, scenario)
        core = core_scores(cl.ratings, weights, rev, with_contributions=False)   # computed when asked
    else:
        weights = np.zeros(0)
        core = _no_ratings_core(len(cl.customers))
    ids = id_order(cl)
    epp, source = euro_per_point_for(cl, core.score, scenario)
    value = core.score * epp
    customers = cl.customers
    # Columns are handed over as they are (no conversion of the text columns: 1M ids and names would
    # cost more than the whole scoring).
    frame = pd.DataFrame({"id": customers["id"], "name": customers["name"], "row": customers["row"],
                          "score": core.score, "value_eur": value, "scorable": core.scorable,
                          "missing": core.missing, "incomplete": core.scorable & (core.missing > 0)},
                         index=customers.index, copy=False)
    # reason code "" | "low_weight_share" | "no_ratings" (parameters: weight_share, missing), categorical: cheap at 1M
    code_name = "low_weight_share" if cl.criteria else "no_ratings"
    codes = np.where(core.scorable, 0, REASON_CODES.index(code_name)).astype(np.int8)
    reason = np.full(len(frame), "", dtype=object)
    for i in np.flatnonzero(~core.scorable):
        reason[i] = not_scorable_reason(code_name, weight_share=float(core.weight_share[i]),
                                        missing=int(core.missing[i]), criteria=len(cl.criteria))
    frame["reason_code"] = pd.Categorical.from_codes(codes, categories=list(REASON_CODES))
    frame["reason"] = reason
    frame["weight_share"] = core.weight_share
    basis = None
    if scenario.class_method == "pareto":
        basis_key = scenario.pareto_basis
        if basis_key == "value_eur":
            basis = value
        elif cl.has(basis_key):
            basis = customers[basis_key].to_numpy(dtype=float)
        else:
            raise ScenarioError.keyed("scoring.no_basis_column", basis=basis_key)
    frame["class"] = classify(core.score, scenario, ids, basis)
    order = order_by(core.score, ids)
    rank = np.empty(len(order), dtype=float)
    rank[order] = np.arange(1, len(order) + 1)
    rank[~core.scorable] = np.nan
    frame["rank"] = pd.array(rank, dtype="Int64")
    for key in ("revenue", "margin", "orders", "status", "recommend"):
        if key in customers.columns:
            frame[key] = customers[key]
    if "margin" in customers.columns:
        frame["clv"] = clv(customers["margin"].to_numpy(dtype=float), scenario.retention, scenario.discount)
    return ScoreResult(scenario, list(cl.criteria), weights, frame, cl.ratings, epp, source)
