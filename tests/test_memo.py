"""The one memo helper of the app (kundenwert.ui.memo): keyed, bounded, per session, per list."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hst
from streamlit.testing.v1 import AppTest

from kundenwert.ui import memo
from kundenwert.ui.session import LIST, ListState


def test_lookup_store_lru_and_bound():
    m: dict = {}
    k1, k2, k3 = (memo.make_key(1, ("s1",)), memo.make_key(1, ("s2",)), memo.make_key(1, ("s3",)))
    assert memo.lookup(m, k1) is memo._MISSING
    memo.store(m, k1, "r1", limit=2)
    memo.store(m, k2, "r2", limit=2)
    assert memo.lookup(m, k1) == "r1"               # k1 is now the most recently used
    memo.store(m, k3, "r3", limit=2)                # so k2 goes
    assert list(m) == [k1, k3]


def test_a_new_list_version_drops_the_old_lists_entries():
    m: dict = {}
    memo.store(m, memo.make_key(1, ("s",)), "old", limit=4)
    memo.store(m, memo.make_key(2, ("s",)), "new", limit=4)
    assert list(m.values()) == ["new"]


def test_key_parts_all_count():
    keys = {memo.make_key(1, ("a",)), memo.make_key(2, ("a",)), memo.make_key(1, ("b",)),
            memo.make_key(1, ("a",), extra=(20, 1000)), memo.make_key(1, ("a", "b"))}
    assert len(keys) == 5


@settings(max_examples=50, deadline=None)
@given(hst.lists(hst.tuples(hst.integers(1, 3), hst.integers(0, 6)), max_size=40), hst.integers(1, 5))
def test_never_more_than_the_limit_and_only_the_newest_version(ops, limit):
    m: dict = {}
    for version, setting in ops:
        key = memo.make_key(version, (setting,))
        if memo.lookup(m, key) is memo._MISSING:
            memo.store(m, key, (version, setting), limit)
        assert len(m) <= limit
        assert {k[0] for k in m} == {version}
        assert m[key] == (version, setting)          # what was just asked for is there


def _script():
    import streamlit as st

    from kundenwert.ui import memo as _memo

    ss = st.session_state
    ss.setdefault("calls", 0)

    def compute():
        ss["calls"] += 1
        return ss["x"] * 10

    ss["value"] = _memo.memoised("kw_test_memo", compute, extra=(ss["x"],), size=2)


def test_in_the_session_computes_once_per_key_and_again_for_a_new_list():
    at = AppTest.from_function(_script)
    at.session_state["x"] = 1
    at.run()
    at.run()
    assert at.session_state["value"] == 10 and at.session_state["calls"] == 1      # a rerun: no new computation
    at.session_state["x"] = 2
    at.run()
    at.session_state["x"] = 1
    at.run()
    assert at.session_state["calls"] == 2                                          # 1 and 2 both remembered
    at.session_state[LIST] = ListState(version=7)                                  # another list was loaded
    at.run()
    assert at.session_state["calls"] == 3 and at.session_state["value"] == 10
    assert len(at.session_state["kw_test_memo"]) == 1
