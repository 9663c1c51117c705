"""The current settings in the page URL, so that a copied link opens the same view.

Format (English keys, numbers with a decimal point, lists comma-separated):

    ?w=5,5,7.5,5,5,5,5,5,5,5,5,5        the twelve catalogue weights in catalogue order (always)
    &rev=price_sensitivity,service_effort   criteria counted as 10 − rating (only if not the default set)
    &c=Innovationskraft:7.5&c=Lieferantentreue:3:rev   own criteria of the list: name:weight[:rev]
                                         (only those not at weight 5 / default direction)
    &method=score&t=7,4                  class method (score|pareto|rank) and its thresholds a,b (always)
    &basis=revenue                       Pareto value basis (only for pareto, if not the € value)
    &eur=120                             € per score point (only if set by hand)
    &clv=0.85,0.1                        CLV retention and discount rate (only if not 0.8, 0.1)
    &name=Vorschlag%20Vertrieb           the name, if the settings are a scenario saved in the session

The link is read once, at the start of a session (the first run); afterwards every run writes the
current settings back (only the keys that changed). A parameter that makes no sense is ignored – its
part of the settings stays at the default – and the user is told which one and why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import streamlit as st

from kundenwert.criteria import CRITERIA_BY_KEY, CRITERION_KEYS, CUSTOM_PREFIX
from kundenwert.errors import ScenarioError
from kundenwert.fmt import fmt_num
from kundenwert.scenario import (
    CLASS_METHODS,
    DEFAULT_REVERSED,
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHT,
    EUR_PER_POINT_MAX,
    NAME_MAX_CHARS,
    PARETO_BASES,
    WEIGHT_MAX,
    WEIGHT_MIN,
    WEIGHT_STEP,
    Scenario,
    validate_thresholds,
)
from kundenwert.ui import state
from kundenwert.ui.common import escape_md

KEYS = ("w", "rev", "c", "method", "t", "basis", "eur", "clv", "name")
IGNORED_SILENTLY = ("embed", "embed_options")      # Streamlit's own
K_READ = "kw_url_read"          # the link of this session has been read
K_NOTICE = "kw_url_notice"      # German notice about ignored parameters (shown once)
EUR_MAX = EUR_PER_POINT_MAX
NUMBER_MAX_CHARS = 32           # "7.5", "1e12", "0.123456789012345": longer is no number we wrote
THRESHOLD_RANGE = (0.0, 100.0)  # score 0–10, Pareto and rank shares in % (validate_thresholds decides)
DEFAULT_CLV = (0.8, 0.1)
SHOWN_VALUE_MAX = 40


def _num(x: float) -> str:
    """7.5 -> "7.5", 5.0 -> "5" (machine format, no thousands separator)."""
    text = format(float(x), ".15g")
    return text


def encode(s: Scenario, name: str | None = None) -> dict[str, list[str]]:
    """The URL parameters for a scenario (each value a list, repeated keys possible)."""
    out: dict[str, list[str]] = {"w": [",".join(_num(s.weight(k)) for k in CRITERION_KEYS)]}
    rev = s.reversed & set(CRITERION_KEYS)
    if rev != DEFAULT_REVERSED:
        out["rev"] = [",".join(k for k in CRITERION_KEYS if k in rev)]
    own = sorted({k for k in (*s.weights, *s.reversed) if k.startswith(CUSTOM_PREFIX)})
    custom = [f"{k[len(CUSTOM_PREFIX):]}:{_num(s.weight(k))}" + (":rev" if k in s.reversed else "")
              for k in own if s.weight(k) != DEFAULT_WEIGHT or k in s.reversed]
    if custom:
        out["c"] = custom
    out["method"] = [s.class_method]
    out["t"] = [",".join(_num(v) for v in s.thresholds)]
    if s.class_method == "pareto" and s.pareto_basis != "value_eur":
        out["basis"] = [s.pareto_basis]
    if s.euro_per_point is not None:
        out["eur"] = [_num(s.euro_per_point)]
    if (s.retention, s.discount) != DEFAULT_CLV:
        out["clv"] = [f"{_num(s.retention)},{_num(s.discount)}"]
    if name:
        out["name"] = [name]
    return out


def _float(text: str, lo: float = -math.inf, hi: float = math.inf) -> float:
    """A finite number lo..hi from a URL value, else ValueError (no OverflowError, no 400-digit parsing)."""
    text = text.strip()
    if len(text) > NUMBER_MAX_CHARS:
        raise ValueError(text[:NUMBER_MAX_CHARS])
    value = float(text)
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ValueError(text)
    return value


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE_MAX else text[:SHOWN_VALUE_MAX - 1] + "…"


def _shown(key: str, value: str) -> str:
    return f"„{_cut(key)}={_cut(value)}“"


def decode(params: Mapping[str, list[str]]) -> tuple[Scenario | None, str | None, list[str]]:
    """Settings from URL parameters: (scenario or None if none of ours is there, name, problems).

    Each problem names the parameter and why it was ignored (German); that part stays at its default.
    """
    problems: list[str] = []
    ours = {k: v for k, v in params.items() if k in KEYS}
    for key in params:
        if key not in KEYS and key not in IGNORED_SILENTLY:
            problems.append(f"{_shown(key, ','.join(params[key][:3]))} (unbekannter Parameter)")
    if not ours:
        return None, None, problems

    def one(key: str) -> str | None:
        values = ours.get(key)
        return values[-1] if values else None

    weights = dict.fromkeys(CRITERION_KEYS, DEFAULT_WEIGHT)
    reversed_ = set(DEFAULT_REVERSED)
    text = one("w")
    if text is not None:
        try:
            parts = text.split(",", len(CRITERION_KEYS))
            if len(parts) != len(CRITERION_KEYS):
                raise ValueError(text[:SHOWN_VALUE_MAX])
            values = [_float(v, WEIGHT_MIN, WEIGHT_MAX) for v in parts]
            if sum(values) <= 0:
                problems.append(f"{_shown('w', text)} (alle Gewichte 0)")
            else:
                snapped = [round(v / WEIGHT_STEP) * WEIGHT_STEP for v in values]
                if snapped != values:
                    problems.append(f"{_shown('w', text)}: auf {fmt_num(WEIGHT_STEP)}er-Schritte gerundet")
                weights = dict(zip(CRITERION_KEYS, snapped, strict=True))
        except ValueError:
            problems.append(f"{_shown('w', text)} (erwartet: {len(CRITERION_KEYS)} Gewichte von "
                            f"{fmt_num(WEIGHT_MIN, 0)} bis {fmt_num(WEIGHT_MAX, 0)}, durch Komma getrennt)")
    text = one("rev")
    if text is not None:
        keys = [k.strip() for k in text.split(",") if k.strip()]
        unknown = [k for k in keys if k not in CRITERIA_BY_KEY]
        if unknown:
            problems.append(f"{_shown('rev', text)} (unbekannte Kriterien: {', '.join(_cut(k) for k in unknown[:3])})")
        else:
            reversed_ = set(keys)
    for text in ours.get("c", []):
        body, _, flag = text.rpartition(":") if text.endswith(":rev") else (text, "", "")
        label, sep, value = body.rpartition(":")
        try:
            if not sep or not label.strip() or len(CUSTOM_PREFIX + label.strip()) > NAME_MAX_CHARS:
                raise ValueError(text[:SHOWN_VALUE_MAX])
            w = round(_float(value, WEIGHT_MIN, WEIGHT_MAX) / WEIGHT_STEP) * WEIGHT_STEP
        except ValueError:
            problems.append(f"{_shown('c', text)} (erwartet: Name:Gewicht, z. B. Innovationskraft:7.5)")
            continue
        key = CUSTOM_PREFIX + label.strip()
        weights[key] = w
        if flag == "rev":
            reversed_.add(key)
    method = one("method")
    if method is not None and method not in CLASS_METHODS:
        problems.append(f"{_shown('method', method)} (erwartet: {', '.join(CLASS_METHODS)})")
        method = None
    method = method or "score"
    thresholds = DEFAULT_THRESHOLDS[method]
    text = one("t")
    if text is not None:
        try:
            parts = text.split(",", 2)
            if len(parts) != 2:
                raise ValueError(text[:SHOWN_VALUE_MAX])
            a, b = (_float(v, *THRESHOLD_RANGE) for v in parts)
            if method == "score":
                a, b = round(a * 2) / 2, round(b * 2) / 2          # the slider's 0.5 steps
            elif method == "pareto" and a < 1:
                raise ScenarioError("")
            validate_thresholds(method, (a, b))
            thresholds = (a, b)
        except (ValueError, ScenarioError):
            problems.append(f"{_shown('t', text)} (keine gültigen Schwellen für die Methode „{method}“, "
                            "Standard gilt)")
    basis = one("basis")
    if basis is not None and basis not in PARETO_BASES:
        problems.append(f"{_shown('basis', basis)} (erwartet: {', '.join(PARETO_BASES)})")
        basis = None
    epp = None
    text = one("eur")
    if text is not None:
        try:
            epp = _float(text, 0.0, EUR_MAX)
        except ValueError:
            problems.append(f"{_shown('eur', text)} (erwartet: € je Punkt, eine Zahl von 0 bis {fmt_num(EUR_MAX, 0)})")
            epp = None
    retention, discount = DEFAULT_CLV
    text = one("clv")
    if text is not None:
        try:
            parts = text.split(",", 2)
            if len(parts) != 2:
                raise ValueError(text[:SHOWN_VALUE_MAX])
            r, d = _float(parts[0], 0.0, 0.99), _float(parts[1], 0.0, 0.5)
            retention, discount = r, d
        except ValueError:
            problems.append(f"{_shown('clv', text)} (erwartet: Bindungsrate 0–0.99, Diskontsatz 0–0.5)")
    name = one("name")
    if name is not None:
        name = " ".join(name.split())[:60] or None
    scenario = Scenario(name=name or state.CUSTOM_SCENARIO_NAME, weights=weights, reversed=frozenset(reversed_),
                        class_method=method, thresholds=(float(thresholds[0]), float(thresholds[1])),
                        pareto_basis=basis or "value_eur", euro_per_point=epp, retention=retention,
                        discount=discount)
    return scenario, name, problems


NOTICE_PROBLEMS_MAX = 10


def notice_text(problems: list[str]) -> str:
    listed = problems[:NOTICE_PROBLEMS_MAX]
    more = len(problems) - len(listed)
    tail = f"; und {fmt_num(more, 0)} weitere" if more else ""
    return ("Der Link enthielt Angaben, die nicht passen – sie wurden ignoriert, dafür gelten die "
            "Standardwerte: " + "; ".join(listed) + tail + ".")


# ----------------------------------------------------------------------------------- streamlit

def _params_now() -> dict[str, list[str]]:
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp}


def read_link() -> None:
    """Apply the link's settings (once per session) and keep a notice about what was ignored."""
    from kundenwert.ui import scenarios

    st.session_state[K_READ] = True
    try:
        scenario, name, problems = decode(_params_now())
    except Exception:  # noqa: BLE001 – a link must never break the page; decode is property-tested not to raise
        scenario, name, problems = None, None, ["der Link ließ sich nicht lesen"]
    if scenario is not None:
        state.apply_scenario(scenario)
        if name and scenarios.name_problem(name) is None:
            state.saved_scenarios()[name] = scenario
    st.session_state[K_NOTICE] = notice_text(problems) if problems else None


def write_link() -> None:
    """Put the current settings into the URL (only keys whose value changed)."""
    current = state.current_scenario()
    saved = state.saved_scenarios()
    name = current.name if current.name in saved else None
    wanted = encode(current, name)
    now = _params_now()
    for key in KEYS:
        if key in wanted:
            if now.get(key) != wanted[key]:
                st.query_params[key] = wanted[key] if len(wanted[key]) > 1 else wanted[key][0]
        elif key in now:
            del st.query_params[key]


def _dismiss() -> None:
    st.session_state[K_NOTICE] = None


def sync() -> None:
    """Read the link at the start of a session, show what was ignored (until dismissed), then write the
    settings back."""
    state.init_settings()
    if not st.session_state.get(K_READ):
        read_link()
        if st.session_state.get(K_NOTICE):
            st.toast(escape_md(st.session_state[K_NOTICE]), icon=":material/link_off:", duration="long")
    notice = st.session_state.get(K_NOTICE)
    if notice:
        st.warning(escape_md(notice), icon=":material/link_off:")
        st.button("Hinweis ausblenden", key="kw_url_notice_ok", on_click=_dismiss, type="tertiary",
                  icon=":material/close:")
    write_link()
