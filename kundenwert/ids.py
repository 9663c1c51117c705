"""Customer ids in natural order: "K-9" before "K-10", numeric ids by value.

Equal scores rank by this order everywhere (ranking, rank-share and Pareto classes, exports).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_ID_SPLIT = re.compile(r"(\D*)(\d*)(.*)", re.S).match
_DECIMAL = re.compile(r"[.,]\d+").fullmatch


def natural_order(ids: pd.Series) -> np.ndarray:
    """Rank of each id in natural order: numeric ids by value first ("9" < "10" < "1001"), then text ids
    by their text before the first number (case-insensitive), that number by value ("K-9" < "K-10"),
    and the rest. Equal ids keep their list order."""
    codes, uniques = pd.factorize(pd.Series(ids, copy=False), sort=False)
    text = [str(u).strip() for u in np.asarray(uniques, dtype=object).tolist()]
    parts = [_ID_SPLIT(t.casefold()).groups() for t in text]
    # a numeric id: digits with at most a decimal part ("1002", "7.5"); compared by value
    is_num = np.array([not p[0] and bool(p[1]) and (not p[2] or _DECIMAL(p[2]) is not None) for p in parts],
                      dtype=bool)
    numeric = np.array([float(p[1] + p[2].replace(",", ".")) if n else 0.0 for p, n in zip(parts, is_num,
                                                                                            strict=True)])
    prefix = pd.factorize(pd.Series([p[0] for p in parts], dtype=object), sort=True)[0]
    first = np.array([float(p[1]) if p[1] else -1.0 for p in parts], dtype=float)
    digits = np.array([len(p[1]) for p in parts], dtype=np.int64)      # "K-9" before "K-09"
    rest_codes, rest_uniques = pd.factorize(pd.Series([p[2] for p in parts], dtype=object), sort=False)
    # the rest after the first number, itself in natural order ("A1-B9" < "A1-B10")
    rest = (natural_order(pd.Series(rest_uniques, dtype=object))[rest_codes] if len(rest_uniques) > 1
            else np.zeros(len(parts), dtype=np.int64))
    keys = (digits, rest, first, prefix, numeric, ~is_num)
    order_u = np.lexsort(keys)
    # ids still equal by these keys differ only in case or spelling of a number ("k-2"/"K-2", "1.0"/"1"):
    # sort those few runs by their text, so the order never depends on the row order
    same = np.ones(max(len(order_u) - 1, 0), dtype=bool)
    for k in keys:
        ks = np.asarray(k)[order_u]
        same &= ks[1:] == ks[:-1]
    if same.any():
        starts = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))) == 1)
        ends = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))) == -1)
        for s0, e0 in zip(starts, ends, strict=True):
            run = order_u[s0:e0 + 1]
            order_u[s0:e0 + 1] = sorted(run, key=lambda i: text[i])
    rank_u = np.empty(len(text), dtype=np.int64)
    rank_u[order_u] = np.arange(len(text))
    order = np.lexsort((np.arange(len(codes)), rank_u[codes]))
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes))
    return rank
