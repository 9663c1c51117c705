"""Comparing two scenarios on the same list: class migration, rank correlation, who moves and why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .criteria import label
from .dataset import CustomerList
from .fmt import fmt_num, round_half_up_array
from .i18n import text
from .report_text import not_scorable_reasons
from .scenario import Scenario
from .scoring import CLASSES, ScoreResult, id_order, score

NOT_SCORABLE = "–"  # row/column label of the migration matrix for customers without a class


@dataclass
class Comparison:
    a: ScoreResult
    b: ScoreResult
    migration: pd.DataFrame   # counts; index = class under A, columns = class under B (A, B, C, –)
    spearman: float | None    # rank correlation of the two rankings (customers scored in both)
    movers: pd.DataFrame      # every customer, most moved first: id, name, class_a, class_b, rank_a, rank_b,
                              # rank_change, score_a, score_b, reason_a, reason_b (why there is no score in
                              # that scenario, "" if there is one), drivers

    @property
    def changed_class(self) -> int:
        return int((self.movers["class_a"] != self.movers["class_b"]).sum())


def spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    """Spearman's rank correlation (average ranks for ties); None below three pairs or no spread."""
    ok = ~np.isnan(x) & ~np.isnan(y)
    if ok.sum() < 3:
        return None
    rx = pd.Series(x[ok]).rank(method="average").to_numpy()
    ry = pd.Series(y[ok]).rank(method="average").to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def _drivers(delta: np.ndarray, criteria: list[str], top: int = 2, lang: str = "de") -> list[str]:
    """For each customer, the criteria whose contribution changed most, e.g. "Bonität +0,8; Image −0,5".

    Column-wise: each distinct rounded change is formatted once (a list of 100,000 customers has a
    few hundred), the texts are joined as arrays."""
    if delta.size == 0:
        return [""] * delta.shape[0]
    order = np.argsort(-np.abs(delta), axis=1)[:, :top]
    values = np.take_along_axis(delta, order, axis=1)
    rounded = round_half_up_array(values, 1)
    distinct, which = np.unique(rounded, return_inverse=True)
    numbers = np.array([fmt_num(v, 1, lang) for v in distinct], dtype=object)[which.reshape(values.shape)]
    labels = np.array([label(c, lang) for c in criteria], dtype=object)[order]
    signs = np.where(values > 0, "+", "").astype(object)
    parts = np.where(rounded != 0, labels + " " + signs + numbers, "").astype(object)   # "0,0" is no driver
    out = parts[:, 0]
    for j in range(1, parts.shape[1]):
        both = (out != "") & (parts[:, j] != "")
        out = out + np.where(both, "; ", "").astype(object) + parts[:, j]
    return out.tolist()


def compare(cl: CustomerList, scenario_a: Scenario, scenario_b: Scenario,
            results: tuple[ScoreResult, ScoreResult] | None = None, lang: str = "de") -> Comparison:
    """`results`: score(cl, scenario_a) and score(cl, scenario_b) when the caller has them already;
    `lang`: the language of the drivers' texts, the reasons and the migration table's axis names."""
    a, b = results if results is not None else (score(cl, scenario_a), score(cl, scenario_b))
    fa, fb = a.frame, b.frame
    labels = [*CLASSES, NOT_SCORABLE]
    ca = fa["class"].replace("", NOT_SCORABLE)
    cb = fb["class"].replace("", NOT_SCORABLE)
    # class codes 0..3 in the order of `labels`; the migration counts by one bincount (pd.crosstab took
    # ~60 ms at 100,000 customers)
    code_a = pd.Categorical(ca, categories=labels).codes.astype(np.int64)
    code_b = pd.Categorical(cb, categories=labels).codes.astype(np.int64)
    k = len(labels)
    counts = np.bincount(code_a * k + code_b, minlength=k * k).reshape(k, k)
    migration = pd.DataFrame(counts, index=pd.Index(labels, name=text("compare.class_in", lang, scenario="A")),
                             columns=pd.Index(labels, name=text("compare.class_in", lang, scenario="B")))
    rank_a = fa["rank"].to_numpy(dtype=float, na_value=np.nan)
    rank_b = fb["rank"].to_numpy(dtype=float, na_value=np.nan)
    delta = b.contributions - a.contributions
    movers = pd.DataFrame({
        "id": fa["id"], "name": fa["name"], "class_a": ca, "class_b": cb,
        "rank_a": fa["rank"], "rank_b": fb["rank"], "rank_change": pd.array(rank_a - rank_b, dtype="Int64"),
        "score_a": fa["score"], "score_b": fb["score"],
        "reason_a": not_scorable_reasons(fa, len(a.criteria), lang),
        "reason_b": not_scorable_reasons(fb, len(b.criteria), lang),
        "drivers": _drivers(delta, a.criteria, lang=lang),
    })
    movers = movers.iloc[_movers_order(code_a, code_b, rank_a - rank_b, id_order(cl))].reset_index(drop=True)
    return Comparison(a, b, migration, spearman(fa["score"].to_numpy(), fb["score"].to_numpy()), movers)


def _movers_order(ia: np.ndarray, ib: np.ndarray, rank_change: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Most moved first: class changes between scored classes (A↔C before one step, then by places),
    then customers scorable in only one scenario, then the rest by places moved, and customers with
    no score in either last; ties by customer id. `ia`, `ib`: class codes 0..3 (3 = not scorable)."""
    na, nb = ia == 3, ib == 3
    group = np.select([~na & ~nb & (ia != ib), na != nb, ~na & ~nb], [0, 1, 2], 3)
    step = np.where(group == 0, np.abs(ia - ib), 0)
    return np.lexsort((ids, -np.nan_to_num(np.abs(rank_change)), -step, group))
