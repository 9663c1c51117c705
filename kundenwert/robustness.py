"""How stable is each customer's class when the weights are uncertain?

All weights are perturbed at random (each multiplied by a factor drawn uniformly from
[1 − spread, 1 + spread]), the list is scored and classified again for every draw, and we count
how often each customer keeps the class it has under the unperturbed weights. Draws are processed
in blocks as one matrix product each (customers × criteria @ criteria × draws), no loop over customers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .criteria import label
from .dataset import CustomerList
from .scenario import Scenario
from .scoring import (
    MIN_WEIGHT_SHARE,
    classify,
    euro_per_point_for,
    id_order,
    score,
    score_class_codes,
    weight_vector,
)

FRAGILE_BELOW = 0.8   # a class kept in fewer than 80 % of the draws is "fragile"


@dataclass
class RobustnessResult:
    draws: int
    spread: float
    stability: pd.DataFrame      # id, name, class, rank, score, kept (share of draws), top_other (most frequent other class)
    criteria: pd.DataFrame       # criterion, label, a_lost_without (A customers that lose A at weight 0),
                                 # a_overlap_corr (correlation of the weight factor with the A-list overlap)
    a_overlap: np.ndarray        # per draw: share of the base A list that stays A

    @property
    def fragile(self) -> pd.DataFrame:
        s = self.stability
        return s[s["kept"] < FRAGILE_BELOW].sort_values(["kept", "rank"])


def _class_codes(labels: np.ndarray) -> np.ndarray:
    codes = np.full(labels.shape, -1, dtype=np.int8)
    codes[labels == "A"], codes[labels == "B"], codes[labels == "C"] = 0, 1, 2
    return codes


def robustness(cl: CustomerList, scenario: Scenario, draws: int = 1000, spread: float = 0.2, seed: int = 0,
               block: int = 100, progress: Callable[[float], None] | None = None,
               lang: str = "de") -> RobustnessResult:
    """`lang`: the language of the criterion labels in ``criteria``."""
    base = score(cl, scenario)
    weights, rev = weight_vector(cl.criteria, scenario)
    base_codes = _class_codes(base.frame["class"].to_numpy())
    scorable = base.frame["scorable"].to_numpy()
    n, k = cl.ratings.shape
    present = ~np.isnan(cl.ratings)
    adjusted = np.where(present, np.where(rev, 10.0 - cl.ratings, cl.ratings), 0.0)
    presentf = present.astype(float)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(draws, k))
    kept = np.zeros(n)
    other = np.zeros((n, 3))
    a_base = base_codes == 0
    overlap = np.empty(draws)
    basis_fixed = None
    if scenario.class_method == "pareto" and scenario.pareto_basis != "value_eur":
        basis_fixed = cl.customers[scenario.pareto_basis].to_numpy(dtype=float)
    for start in range(0, draws, block):
        w = (factors[start:start + block] * weights).T            # k × b
        num = adjusted @ w                                          # n × b
        den = presentf @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = np.where(den >= MIN_WEIGHT_SHARE * w.sum(axis=0) - 1e-12, num / den, np.nan)
        if scenario.class_method == "score":  # thresholds: the whole block at once
            a, b = scenario.thresholds
            codes = score_class_codes(scores, a, b)
            same = codes == base_codes[:, None]
            kept += same.sum(axis=1)
            for c in range(3):
                other[:, c] += ((codes == c) & ~same).sum(axis=1)
            overlap[start:start + scores.shape[1]] = (codes[a_base] == 0).mean(axis=0) if a_base.any() else 1.0
            if progress is not None:
                progress(min(1.0, (start + block) / draws))
            continue
        for j in range(scores.shape[1]):
            s = scores[:, j]
            basis = None
            if scenario.class_method == "pareto":
                basis = basis_fixed if basis_fixed is not None else s * euro_per_point_for(cl, s, scenario)[0]
            codes = _class_codes(classify(s, scenario, id_order(cl), basis))
            same = codes == base_codes
            kept += same
            for c in range(3):
                other[:, c] += (codes == c) & ~same
            overlap[start + j] = (codes[a_base] == 0).mean() if a_base.any() else 1.0
        if progress is not None:
            progress(min(1.0, (start + block) / draws))
    share = np.where(scorable, kept / draws, np.nan)
    top_other = np.array(["A", "B", "C"])[other.argmax(axis=1)]
    top_other = np.where(other.max(axis=1) > 0, top_other, "")
    f = base.frame
    stability = pd.DataFrame({"id": f["id"], "name": f["name"], "class": f["class"], "rank": f["rank"],
                              "score": f["score"], "kept": share, "top_other": top_other})[scorable]
    rows = []
    for c, key in enumerate(cl.criteria):
        without = scenario.weights | {key: 0.0}
        lost = None
        if weights.sum() - weights[c] > 0:
            alt = score(cl, replace(scenario, weights=without))
            lost = int((a_base & (alt.frame["class"].to_numpy() != "A")).sum())
        corr = None
        if overlap.std() > 0:
            corr = float(np.corrcoef(factors[:, c], overlap)[0, 1])
        rows.append({"criterion": key, "label": label(key, lang), "weight": float(weights[c]),
                     "a_lost_without": lost, "a_overlap_corr": corr})
    criteria = pd.DataFrame(rows).sort_values("a_lost_without", ascending=False, na_position="last",
                                              kind="stable").reset_index(drop=True)
    return RobustnessResult(draws, spread, stability.reset_index(drop=True), criteria, overlap)
