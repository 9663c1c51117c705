"""Natural id order: the vectorised path for the usual ids gives exactly the general path's order."""

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.ids import _fast_keys, _natural_order, natural_order

usual_ids = st.from_regex(r"(|[A-Za-z]{1,3}|K-|KD|k-|_|#)(0|[1-9][0-9]{0,15}|0[0-9]{1,3})", fullmatch=True)
other_ids = st.one_of(usual_ids, st.text(max_size=8), st.from_regex(r"[A-Z]?[0-9]{1,3}[.,-][0-9A-Z]{1,3}",
                                                                   fullmatch=True))


@settings(max_examples=200, deadline=None)
@given(st.lists(usual_ids, min_size=1, max_size=40))
def test_fast_path_equals_general_path(ids):
    series = pd.Series(ids, dtype=object)
    if all(len(i.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_#")) <= 15 for i in ids):
        assert _fast_keys(pa.array(pd.unique(series))) is not None  # the fast path is taken
    general = _natural_order(series, fast=False).tolist()
    assert _natural_order(series, fast=True).tolist() == general
    assert _natural_order(pd.Series(ids, dtype="str"), fast=True).tolist() == general  # a DataFrame's text column


@settings(max_examples=150, deadline=None)
@given(st.lists(other_ids, min_size=1, max_size=30))
def test_any_ids_same_order_either_way(ids):
    series = pd.Series(ids, dtype=object)
    general = _natural_order(series, fast=False).tolist()
    assert natural_order(series).tolist() == general
    assert natural_order(pd.Series(ids, dtype="str")).tolist() == general


def test_fast_path_only_for_the_usual_shape():
    def fast(ids):
        return _fast_keys(pa.array(ids)) is not None

    assert fast(["K-1", "K-10", "1042", "kd0007"])
    assert not fast(["K-1", "K 2"])                 # a space: strip/split rules of the general path
    assert not fast(["K-1", "7,5"])                 # a decimal id
    assert not fast(["K-1", "A1-B9"])               # text after the number
    assert not fast(["K-1", "1234567890123456"])    # 16 digits: not exact as a float
    assert not fast(["K-1", "Ä-1"])                 # not ASCII (casefold, Unicode digits)
    assert not fast(["K-1", "K-١"])                 # an Arabic-Indic digit


def test_many_ids_with_case_ties_and_repeats():
    ids = pd.Series(["K-2", "k-2", "K-10", "K-9", "K-2", "9", "09", "10"], dtype=object)
    ranked = ids.iloc[np.argsort(natural_order(ids), kind="stable")].tolist()
    assert ranked == ["9", "09", "10", "K-2", "K-2", "k-2", "K-9", "K-10"]
    assert natural_order(ids).tolist() == _natural_order(ids, fast=False).tolist()
    assert natural_order(ids.astype("str")).tolist() == _natural_order(ids, fast=False).tolist()
