"""After-sales matrix: satisfaction with the sale × with after-sales, against repurchase."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .dataset import CustomerList

# Repurchase rates at the same dealer found by a German premium car maker's study.
STUDY_RATES: dict[tuple[bool, bool], float] = {
    (True, True): 0.93,
    (False, True): 0.45,
    (True, False): 0.14,
    (False, False): 0.03,
}
FEW_CUSTOMERS = 10
DEFAULT_SATISFIED_FROM = 7.0
MATRIX_FIELDS = ("sale_satisfied", "aftersales_satisfied", "repurchase")


def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion; (nan, nan) for n = 0."""
    if n <= 0:
        return math.nan, math.nan
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # clamp so that rounding never puts the observed rate outside its own interval
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


@dataclass
class MatrixCell:
    sale_satisfied: bool
    aftersales_satisfied: bool
    customers: int
    repurchasers: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    study_rate: float

    @property
    def few(self) -> bool:
        return self.customers < FEW_CUSTOMERS

    def to_dict(self) -> dict:
        return {
            "sale_satisfied": self.sale_satisfied, "aftersales_satisfied": self.aftersales_satisfied,
            "customers": self.customers, "repurchasers": self.repurchasers, "rate": self.rate,
            "ci_low": self.ci_low, "ci_high": self.ci_high, "study_rate": self.study_rate,
            "few_customers": self.few,
        }


@dataclass
class MatrixResult:
    own_data: bool                 # False: the list lacks the columns; cells are the study's
    cells: list[MatrixCell]
    used: int                      # customers with all three values
    missing_columns: list[str]     # which of the three columns the list lacks
    satisfied_from: float
    scales: dict[str, str]

    def cell(self, sale: bool, aftersales: bool) -> MatrixCell:
        return next(c for c in self.cells if c.sale_satisfied == sale and c.aftersales_satisfied == aftersales)


def _satisfied(values: np.ndarray, scale: str, threshold: float) -> np.ndarray:
    """1.0 / 0.0 / NaN: yes-no columns as they are, ratings by the 'satisfied from' threshold."""
    if scale == "rating":
        return np.where(np.isnan(values), np.nan, (values >= threshold).astype(float))
    return values


def after_sales_matrix(cl: CustomerList | None, satisfied_from: float = DEFAULT_SATISFIED_FROM) -> MatrixResult:
    """The 2×2 matrix of the list, or the study's figures when the columns are missing."""
    order = [(True, True), (False, True), (True, False), (False, False)]
    missing = [f for f in MATRIX_FIELDS if cl is None or f not in cl.customers.columns]
    if missing:
        cells = [MatrixCell(s, a, 0, 0, None, None, None, STUDY_RATES[(s, a)]) for s, a in order]
        return MatrixResult(False, cells, 0, missing, satisfied_from, {})
    c = cl.customers
    sale = _satisfied(c["sale_satisfied"].to_numpy(dtype=float), cl.satisfaction_scale["sale_satisfied"],
                      satisfied_from)
    after = _satisfied(c["aftersales_satisfied"].to_numpy(dtype=float),
                       cl.satisfaction_scale["aftersales_satisfied"], satisfied_from)
    rep = c["repurchase"].to_numpy(dtype=float)
    known = ~np.isnan(sale) & ~np.isnan(after) & ~np.isnan(rep)
    cells = []
    for s, a in order:
        in_cell = known & (sale == float(s)) & (after == float(a))
        n = int(in_cell.sum())
        k = int((rep[in_cell] == 1.0).sum())
        low, high = wilson_interval(k, n)
        cells.append(MatrixCell(s, a, n, k, k / n if n else None, None if n == 0 else low,
                                None if n == 0 else high, STUDY_RATES[(s, a)]))
    return MatrixResult(True, cells, int(known.sum()), [], satisfied_from, dict(cl.satisfaction_scale))
