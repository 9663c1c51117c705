"""XYZ analysis (regularity of demand) and the ABC × XYZ grid.

A customer's monthly revenue over the period (the period cut into `months` slices of equal length,
counted back from its end) gives the coefficient of variation CV = standard deviation / mean
(population standard deviation, months without orders count as 0). X if CV < x, Y if CV < y, else Z
(defaults x = 0.5, y = 1.0). Customers without positive revenue in the period get no XYZ class.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .orders_figures import Period, age_days
from .orders_read import OrderLines

XYZ_THRESHOLDS = (0.5, 1.0)
XYZ_CLASSES = ("X", "Y", "Z")
ABC = ("A", "B", "C")


def monthly_revenue(lines: OrderLines | pd.DataFrame, period: Period) -> tuple[pd.Index, np.ndarray]:
    """(customer ids, revenue matrix customers × months; column 0 is the newest month)."""
    frame = lines.lines if isinstance(lines, OrderLines) else lines
    codes, uniques = pd.factorize(frame["customer"], sort=True)
    age = age_days(frame["date"], period.end)
    inside = (age >= 0) & (age < period.days)
    bucket = (age[inside] * period.months) // period.days
    k, m = len(uniques), period.months
    flat = np.bincount(codes[inside] * m + bucket, frame["revenue"].to_numpy(dtype=float)[inside], minlength=k * m)
    return pd.Index(uniques, dtype=object), flat.reshape(k, m)


def xyz_classes(lines: OrderLines | pd.DataFrame, period: Period,
                thresholds: tuple[float, float] = XYZ_THRESHOLDS) -> pd.DataFrame:
    """Per order customer: mean and CV of monthly revenue, and the class (None without revenue)."""
    x, y = thresholds
    if not x <= y:
        raise ValueError("x threshold must not exceed y")
    ids, matrix = monthly_revenue(lines, period)
    mean = matrix.mean(axis=1) if matrix.size else np.zeros(len(ids))
    std = matrix.std(axis=1) if matrix.size else np.zeros(len(ids))
    ok = mean > 0
    cv = np.where(ok, std / np.where(ok, mean, 1.0), np.nan)
    cls = np.where(cv < x, "X", np.where(cv < y, "Y", "Z")).astype(object)
    cls[~ok] = None
    return pd.DataFrame({"mean": mean, "cv": cv, "xyz": cls}, index=ids)


def abc_xyz_grid(abc: pd.Series, xyz: pd.Series, revenue: pd.Series) -> pd.DataFrame:
    """Counts and revenue per (ABC, XYZ) cell: one row per cell (A-X … C-Z), all nine always present.
    The three series share one index (customer ids); customers lacking either class are left out."""
    frame = pd.DataFrame({"abc": abc, "xyz": xyz.reindex(abc.index), "revenue": revenue.reindex(abc.index)})
    frame = frame[frame["abc"].isin(ABC) & frame["xyz"].isin(XYZ_CLASSES)]
    g = frame.groupby(["abc", "xyz"])
    cells = pd.MultiIndex.from_product([ABC, XYZ_CLASSES], names=["abc", "xyz"])
    out = pd.DataFrame({"customers": g.size(), "revenue": g["revenue"].sum()}).reindex(cells)
    out["customers"] = out["customers"].fillna(0).astype(np.int64)
    out["revenue"] = out["revenue"].fillna(0.0)
    return out.reset_index()
