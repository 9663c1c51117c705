"""The one home of the app's session keys and of the typed objects kept under them.

Every key the app puts into `st.session_state` is made here:

- `key(*parts)` names a widget or a page's own value (`key("w", "image")` -> the weight slider of
  "image"); no other module spells a session key (tests/test_session.py scans the source);
- `ViewSettings` (frozen) holds everything the user set that the view and the URL depend on: weights,
  directions, class method and thresholds per method, Pareto basis, € per point, CLV rates, presentation
  mode, the compared pair, the robustness inputs and the matrix threshold. One session key, replaced
  as a whole by `update_settings(...)`, so a change is one assignment and the values survive page
  switches (Streamlit drops the state of widgets that a page does not render);
- `ListState` (frozen) holds the loaded customer list: its source, the list, its version, a source
  waiting for a column mapping, the last load error and notice. One session key, `update_list(...)`.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import streamlit as st

from kundenwert.criteria import CRITERION_KEYS
from kundenwert.scenario import CLASS_METHODS, DEFAULT_THRESHOLDS, DEFAULT_WEIGHT

PREFIX = "kw_"


def key(*parts: object) -> str:
    """The session key of a widget or a value: `key("w", criterion)`, `key("rank_query")`."""
    return PREFIX + "_".join(str(p) for p in parts)


widget_key = key
SETTINGS = key("settings")         # ViewSettings
LIST = key("list_state")           # ListState
RESULTS = key("results")           # the score memo of state.result_for
SAVED = key("scenarios")           # {name: Scenario} saved in this session only (no team library)


def _default_weights() -> dict[str, float]:
    return dict.fromkeys(CRITERION_KEYS, DEFAULT_WEIGHT)


def _default_thresholds() -> dict[str, tuple[float, float]]:
    return {m: tuple(DEFAULT_THRESHOLDS[m]) for m in CLASS_METHODS}


@dataclass(frozen=True)
class ViewSettings:
    """What the user set. Dicts inside are never changed in place: `update_settings` puts new ones."""

    weights: dict[str, float] = field(default_factory=_default_weights)
    reversed: dict[str, bool] = field(default_factory=dict)        # overrides of the default direction
    method: str = "score"
    thresholds: dict[str, tuple[float, float]] = field(default_factory=_default_thresholds)
    basis: str = "value_eur"
    epp_auto: bool = True
    epp: float = 100.0
    retention: float = 0.8
    discount: float = 0.1
    present: bool = False
    compare_a: str | None = None          # the compared pair (choice ids, kundenwert.ui.scenarios)
    compare_b: str | None = None
    rob_spread: int | None = None         # robustness inputs (None: the page's default, not in the URL)
    rob_draws: int | None = None
    matrix_satisfied_from: float | None = None


@dataclass(frozen=True)
class ListState:
    """The loaded list of this session (`source`/`pending` are `kundenwert.ui.state.Source`)."""

    source: Any = None
    list: Any = None                      # CustomerList
    version: int = 0                      # bumped whenever the list object changes
    pending: Any = None                   # read, but needs a column mapping before it can be used
    error: str | None = None              # last load/mapping error (German one-liner)
    notice: str | None = None             # last load success message


SETTING_FIELDS = frozenset(f.name for f in fields(ViewSettings))


def settings() -> ViewSettings:
    current = st.session_state.get(SETTINGS)
    if current is None:
        current = st.session_state[SETTINGS] = ViewSettings()
    return current


def update_settings(**changes: Any) -> ViewSettings:
    """Replace the settings with these fields changed (one assignment; unknown fields raise)."""
    new = replace(settings(), **changes)
    st.session_state[SETTINGS] = new
    return new


def list_state() -> ListState:
    current = st.session_state.get(LIST)
    if current is None:
        current = st.session_state[LIST] = ListState()
    return current


def update_list(**changes: Any) -> ListState:
    new = replace(list_state(), **changes)
    st.session_state[LIST] = new
    return new


class _View(MutableMapping):
    """The settings' fields as a mapping, for pages that keep one value: `view["compare_a"]` (unset: KeyError)."""

    def __getitem__(self, name: str) -> Any:
        value = getattr(settings(), name) if name in SETTING_FIELDS else None
        if value is None:                 # None: not set (a dict would not have the key)
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: Any) -> None:
        update_settings(**{name: value})

    def __delitem__(self, name: str) -> None:
        update_settings(**{name: ViewSettings.__dataclass_fields__[name].default})

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(SETTING_FIELDS))

    def __len__(self) -> int:
        return len(SETTING_FIELDS)


view = _View()


def copy_widget(widget: str, name: str, convert=None) -> None:
    """`on_change` of a widget that shows one settings field: the widget's value into the settings."""
    value = st.session_state[widget]
    update_settings(**{name: convert(value) if convert else value})
