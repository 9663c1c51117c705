"""The one memo of the app: a computation kept in the user's session, keyed by what it depends on.

Every rerun (a slider move, a page switch) runs the whole page script again; what did not change
must not be computed again. `memoised(slot, compute, scenarios=..., extra=...)` returns the value
remembered under (list version, settings key of each scenario, extra) or computes and remembers it.

- One session only: the memo lives in `st.session_state[slot]` (a plain dict {key: value}, most
  recently used last), never shared with another user.
- Bounded: at most `size` entries per slot, and at most `LARGE_SIZE` once the list has more than
  `LARGE_LIST` customers (a score result of a large list is tens of MB).
- A new list (a new list version) drops the slot's entries of the old list at the next store.

`peek` / `put` split the two halves for a computation the user starts by hand (Robustheit).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, MutableMapping
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

SIZE = 4            # entries per slot
LARGE_LIST = 50_000
LARGE_SIZE = 2      # entries per slot for lists above LARGE_LIST customers
_MISSING = object()


# ---------------------------------------------------------------------------------- pure core

def make_key(version: int, settings: Iterable[Hashable] = (), extra: Hashable = ()) -> tuple:
    """The memo key: list version, the settings keys (one per scenario), anything else it depends on."""
    return (int(version), tuple(settings), extra)


def lookup(memo: MutableMapping, key: tuple) -> Any:
    """The remembered value (and mark it most recently used), or `_MISSING`."""
    if key not in memo:
        return _MISSING
    memo[key] = memo.pop(key)
    return memo[key]


def store(memo: MutableMapping, key: tuple, value: Any, limit: int) -> None:
    """Remember a value; drop entries of other list versions, then the least recently used above `limit`."""
    for old in [k for k in memo if not (isinstance(k, tuple) and k and k[0] == key[0])]:
        del memo[old]
    memo.pop(key, None)
    memo[key] = value
    while len(memo) > max(1, limit):
        del memo[next(iter(memo))]


# ------------------------------------------------------------------------------ in the session

def _slot(name: str) -> dict:
    memo = st.session_state.get(name)
    if not isinstance(memo, dict):
        memo = {}
        st.session_state[name] = memo
    return memo


def _key(scenarios: Iterable, extra: Hashable) -> tuple:
    from kundenwert.ui import state  # state uses this module (result_for): import when called

    return make_key(state.list_version(), (state.scenario_key(s) for s in scenarios), extra)


def _limit(size: int) -> int:
    from kundenwert.ui import state

    cl = state.current_list()
    large = cl is not None and len(cl.customers) > LARGE_LIST
    return min(size, LARGE_SIZE) if large else size


def memoised(slot: str, compute: Callable[[], T], *, scenarios: Iterable = (), extra: Hashable = (),
             size: int = SIZE) -> T:
    """`compute()` once per (list version, settings of `scenarios`, `extra`) in this session."""
    key = _key(scenarios, extra)
    memo = _slot(slot)
    value = lookup(memo, key)
    if value is _MISSING:
        value = compute()
        store(memo, key, value, _limit(size))
    return value


def peek(slot: str, *, scenarios: Iterable = (), extra: Hashable = ()) -> Any | None:
    """The remembered value for this key, or None (nothing is computed)."""
    value = lookup(_slot(slot), _key(scenarios, extra))
    return None if value is _MISSING else value


def put(slot: str, value: T, *, scenarios: Iterable = (), extra: Hashable = (), size: int = SIZE) -> T:
    store(_slot(slot), _key(scenarios, extra), value, _limit(size))
    return value


def holds_any(slot: str) -> bool:
    """True if the slot remembers anything for the current list."""
    from kundenwert.ui import state

    version = state.list_version()
    return any(isinstance(k, tuple) and k and k[0] == version for k in _slot(slot))
