"""Scenario files are untrusted input: any JSON gives a valid scenario or a ScenarioError, never another
exception, and every value of an accepted scenario is finite and in range (issue 14)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenwert.criteria import CRITERION_KEYS, CUSTOM_PREFIX
from kundenwert.errors import ScenarioError
from kundenwert.scenario import (
    CLASS_METHODS,
    EUR_PER_POINT_MAX,
    NAME_MAX_CHARS,
    PARETO_BASES,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Scenario,
    validate_thresholds,
)

NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.sampled_from([1e308, -1e308, 5e-324, 0, 5, 7.5, 10, 0.8, 0.1, 10**400, True, False, None]),
)
TEXT = st.one_of(st.text(max_size=30), st.sampled_from(["x" * 100_000, "\u202e" * 500, "", " "]))
KEYS = st.one_of(st.sampled_from(CRITERION_KEYS), st.text(max_size=12).map(lambda t: CUSTOM_PREFIX + t), TEXT)
LEAF = st.one_of(NUMBERS, TEXT)
ANY = st.recursive(LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                 st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                   max_leaves=12)

SCENARIO_DICTS = st.fixed_dictionaries({}, optional={
    "name": st.one_of(TEXT, NUMBERS),
    "weights": st.one_of(st.dictionaries(KEYS, NUMBERS, max_size=14), ANY),
    "reversed": st.one_of(st.lists(KEYS, max_size=5), ANY),
    "class_method": st.one_of(st.sampled_from(CLASS_METHODS), ANY),
    "thresholds": st.one_of(st.lists(NUMBERS, min_size=2, max_size=2), ANY),
    "pareto_basis": st.one_of(st.sampled_from(PARETO_BASES), ANY),
    "euro_per_point": NUMBERS,
    "retention": NUMBERS,
    "discount": NUMBERS,
})


def _json_text(data) -> str:
    """JSON as a file would have it; Python writes NaN/Infinity, which some tools write too."""
    return json.dumps(data, ensure_ascii=False)


def assert_valid(s: Scenario) -> None:
    assert isinstance(s.name, str) and 0 < len(s.name) <= NAME_MAX_CHARS
    for key, w in s.weights.items():
        assert isinstance(key, str) and math.isfinite(w) and WEIGHT_MIN <= w <= WEIGHT_MAX, (key, w)
        assert key in CRITERION_KEYS or (key.startswith(CUSTOM_PREFIX) and len(key) <= NAME_MAX_CHARS)
    assert s.class_method in CLASS_METHODS and s.pareto_basis in PARETO_BASES
    assert all(isinstance(t, float) and math.isfinite(t) for t in s.thresholds)
    validate_thresholds(s.class_method, s.thresholds)
    assert s.euro_per_point is None or (math.isfinite(s.euro_per_point) and 0 <= s.euro_per_point <= EUR_PER_POINT_MAX)
    assert 0 <= s.retention < 1 and 0 <= s.discount < 1
    Scenario.from_json(s.to_json())          # what we accept, we can write and read back


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(SCENARIO_DICTS, ANY))
def test_scenario_loader_gives_a_valid_scenario_or_a_scenario_error(data):
    try:
        scenario = Scenario.from_json(_json_text(data))
    except ScenarioError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400
        return
    assert_valid(scenario)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_bytes_or_text_give_a_scenario_or_a_scenario_error(text):
    try:
        scenario = Scenario.from_json(text)
    except ScenarioError:
        return
    assert_valid(scenario)


@pytest.mark.parametrize(("text", "expected"), [
    ('{"euro_per_point": 1' + "0" * 400 + "}", "euro_per_point"),
    ('{"weights": {"image": ' + "9" * 400 + "}}", "„image“"),
    ('{"thresholds": [' + "9" * 400 + ", 4]}", "thresholds"),
    ('{"retention": ' + "1" * 400 + "}", "retention"),
    ('{"discount": -' + "1" * 400 + "}", "discount"),
    ('{"weights": {"image": 1e400}}', "„image“"),
    ('{"euro_per_point": 1e308}', "euro_per_point"),
    ('{"thresholds": [NaN, 4]}', "NaN"),
    ('{"euro_per_point": -Infinity}', "-Infinity"),
    ("[" * 100_000 + "]" * 100_000, "zu tief verschachtelt"),
    ('{"name": ' + "[" * 30 + "]" * 30 + "}", "zu tief verschachtelt"),
    ("{'name': 'x'}", "Zeile 1, Spalte 2: erwartet wird ein Name in doppelten Anführungszeichen"),
    ('{"name": "x",\n "weights": {"image": 5,}}', "Zeile 2, Spalte 25"),
    ('{"name": "x"}\n{"name": "y"}', "Zeile 2, Spalte 1: nach dem Ende des JSON-Objekts folgt weiterer Text"),
    ('{"name": "' + "x" * 201 + '"}', "zu lang"),
    ('{"weights": {"' + CUSTOM_PREFIX + "x" * 300 + '": 5}}', "unbekanntes Kriterium"),
])
def test_extreme_values_are_a_german_scenario_error(text, expected):
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json(text)
    message = str(err.value)
    assert expected in message, message
    assert "Expecting" not in message and "line" not in message and len(message) < 400


def test_huge_number_scenario_upload_shows_our_message_in_the_app(md_unescape):
    """Was: OverflowError from math.isfinite(10**400) -> Streamlit's English "This app has encountered an error"."""
    from tests.session_kit import ok
    from tests.test_app_scenarios import saved, upload_app

    at = upload_app()
    at.session_state["test_scenario_upload"] = ("riesig.json", b'{"name": "x", "euro_per_point": 1' + b"0" * 400 + b"}")
    ok(at.run())
    errors = [md_unescape(e.value) for e in at.error]
    assert any("riesig.json" in e and "euro_per_point" in e for e in errors), errors
    assert saved(at) == {}
