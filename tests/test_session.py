"""One home for session state: kundenwert.ui.session makes every session key; settings are one typed object."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kundenwert.ui.session import LIST, SETTINGS, ListState, ViewSettings, key
from tests.session_kit import list_of, put_list, view_of

ROOT = Path(__file__).resolve().parents[1]
RANKING = "pages/1_Gewichtung_und_Ranking.py"
PROFILE = "pages/3_Kundenprofil.py"
# a session key spelled out ("kw_…" / 'kw_…' / f"kw_…"), or a session key in CSS (.st-key-kw_…)
KEY_LITERAL = re.compile(r"""[\"'](kw_)|st-key-kw_""")


def _sources() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "kundenwert").rglob("*.py"))]
    return [p for p in files if p.name != "session.py" or p.parent.name != "ui"]


def test_no_module_but_the_registry_spells_a_session_key():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in _sources()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if KEY_LITERAL.search(line)]
    assert offenders == []


def test_the_scan_would_see_a_spelled_key():
    assert KEY_LITERAL.search('st.session_state["kw_w_image"] = 5')
    assert KEY_LITERAL.search("key=f'kw_map_{i}'")
    assert not KEY_LITERAL.search('key=widget_key("w", crit)')


def test_keys_are_made_in_one_place():
    assert key("w", "image") == "kw_w_image" and key("rank_query") == "kw_rank_query"
    assert SETTINGS.startswith("kw_") and LIST.startswith("kw_") and SETTINGS != LIST


def test_settings_and_list_state_are_frozen():
    with pytest.raises(FrozenInstanceError):
        ViewSettings().method = "rank"
    with pytest.raises(FrozenInstanceError):
        ListState().version = 3


def _page(path: str) -> AppTest:
    return AppTest.from_file(str(ROOT / path), default_timeout=60)


def test_settings_live_under_one_key_and_survive_a_page_switch(sample_list):
    at = _page(RANKING)
    put_list(at, sample_list)
    at.run()
    at.slider(key=key("w", "image")).set_value(9.5).run()
    at.selectbox(key=key("method")).set_value("rank").run()
    at.toggle(key=key("present")).set_value(True).run()
    vs = view_of(at)
    assert (vs.weights["image"], vs.method, vs.present) == (9.5, "rank", True)
    # the other keys of this app hold widgets, the list or memos, never a setting
    assert not [k for k in at.session_state if str(k).startswith(key("set", ""))]   # the old kw_set_* keys
    # another page (the sidebar is not rendered there with these widgets) and back: all kept
    other = _page(PROFILE)
    other.session_state[SETTINGS] = at.session_state[SETTINGS]
    other.session_state[LIST] = at.session_state[LIST]
    other.run()
    assert not other.exception
    back = _page(RANKING)
    back.session_state[SETTINGS] = other.session_state[SETTINGS]
    back.session_state[LIST] = other.session_state[LIST]
    back.run()
    assert not back.exception
    assert back.slider(key=key("w", "image")).value == 9.5
    assert back.selectbox(key=key("method")).value == "rank"
    assert view_of(back) == vs and list_of(back) is sample_list


def test_a_weight_change_replaces_the_settings_object(sample_list):
    at = _page(RANKING)
    put_list(at, sample_list)
    at.run()
    before = view_of(at)
    at.slider(key=key("w", "referral")).set_value(1.0).run()
    after = view_of(at)
    assert after is not before and before.weights["referral"] == 5.0 and after.weights["referral"] == 1.0
