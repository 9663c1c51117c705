"""Customer ids in natural order: "K-9" before "K-10", numeric ids by value.

Equal scores rank by this order everywhere (ranking, rank-share and Pareto classes, exports).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_ID_SPLIT = re.compile(r"(\D*)(\d*)(.*)", re.S).match
_DECIMAL = re.compile(r"[.,]\d+").fullmatch
# the usual ids ("K-1042", "KD0007", "1042"): printable ASCII without spaces, then at most 15 digits.
# Strip and casefold are no-ops or lower() there, \d is [0-9], and the number is exact as a float, so
# their keys come from vectorised string kernels; any other id takes the general path (same keys).
_FAST = r"[!-/:-~]*[0-9]{1,15}"


def natural_order(ids: pd.Series) -> np.ndarray:
    """Rank of each id in natural order: numeric ids by value first ("9" < "10" < "1001"), then text ids
    by their text before the first number (case-insensitive), that number by value ("K-9" < "K-10"),
    and the rest. Equal ids keep their list order."""
    return _natural_order(ids, fast=True)


def _natural_order(ids: pd.Series, fast: bool) -> np.ndarray:
    series = pd.Series(ids, copy=False)
    found = None
    if fast:  # keys of every id at once, without finding the distinct ids first (a list's ids are distinct)
        strings = _arrow_strings(series)
        found = _fast_keys(strings) if strings is not None else None
    if found is not None:
        codes, n_unique = np.arange(len(series)), len(series)
    else:
        codes, uniques = pd.factorize(series, sort=False)
        n_unique = len(uniques)
        found = _general_keys(np.asarray(uniques, dtype=object))
    text, keys = found
    keys = tuple(k for k in keys if len(k) and (k != k[0]).any())  # a key equal for all ids orders nothing
    order_u = np.lexsort(keys) if keys else np.arange(n_unique)
    # ids still equal by these keys differ only in case or spelling of a number ("k-2"/"K-2", "1.0"/"1"),
    # or are the same id: sort those runs by their text (stable: the same id keeps its list order), so
    # the order of different ids never depends on the row order
    same = np.ones(max(len(order_u) - 1, 0), dtype=bool)
    for k in keys:
        ks = np.asarray(k)[order_u]
        same &= ks[1:] == ks[:-1]
    if same.any():
        edges = np.diff(np.concatenate(([0], same.astype(np.int8), [0])))
        for s0, e0 in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
            run = order_u[s0:e0 + 1].tolist()
            texts = text.take(run) if isinstance(text, _Texts) else [text[i] for i in run]
            order_u[s0:e0 + 1] = [i for _, i in sorted(zip(texts, run, strict=True), key=lambda p: p[0])]
    rank_u = np.empty(n_unique, dtype=np.int64)
    rank_u[order_u] = np.arange(n_unique)
    if n_unique == len(codes):  # no id twice: the rank of its id
        return rank_u[codes]
    order = np.lexsort((np.arange(len(codes)), rank_u[codes]))
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes))
    return rank


def _general_keys(uniques: np.ndarray) -> tuple[list[str], tuple]:
    """Sort keys of distinct ids, one id at a time (any text)."""
    text = [str(u).strip() for u in uniques.tolist()]
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
    return text, (digits, rest, first, prefix, numeric, ~is_num)


def _arrow_strings(series: pd.Series) -> pa.Array | None:
    """The ids as an Arrow string array (an Arrow-backed column as it is), None if not all are text."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return None if series.hasnans else pa.array(series.array)
    values = series.to_numpy(dtype=object)
    if not len(values) or pd.api.types.infer_dtype(values, skipna=False) != "string":
        return None
    try:
        return pa.array(values, type=pa.string())
    except UnicodeEncodeError:  # a lone surrogate: the general path
        return None


def _fast_keys(text: pa.Array) -> tuple[_Texts, tuple] | None:
    """The same keys as :func:`_general_keys` for ids of the usual shape (``_FAST``), from vectorised
    string kernels; None when any id has another shape."""
    if not len(text) or not pc.all(pc.match_substring_regex(text, f"^{_FAST}$")).as_py():
        return None
    parts = pc.extract_regex(text, r"(?P<prefix>[!-/:-~]*)(?P<number>[0-9]+)")
    prefix_text, number = pc.utf8_lower(parts.field("prefix")), parts.field("number")
    first = pc.cast(number, pa.float64()).to_numpy(zero_copy_only=False)
    is_num = pc.equal(prefix_text, "").to_numpy(zero_copy_only=False)
    numeric = np.where(is_num, first, 0.0)
    prefix = pd.factorize(pd.Series(prefix_text, dtype="str"), sort=True)[0]
    digits = pc.utf8_length(number).to_numpy(zero_copy_only=False).astype(np.int8)  # at most 15
    rest = np.zeros(len(text), dtype=np.int8)
    return _Texts(text), (digits, rest, first, prefix, numeric, ~is_num)


class _Texts:
    """The ids as Arrow strings; those of a tie run become Python strings."""

    def __init__(self, text: pa.Array):
        self._text = text

    def take(self, positions: list[int]) -> list[str]:
        return self._text.take(pa.array(positions, type=pa.int64())).to_pylist()
