"""The page URL as a codec: settings, the compared pair and the robustness inputs <-> URL parameters.

Pure engine code (no Streamlit); `kundenwert.ui.urlstate` reads and writes `st.query_params` through it.

Format, version 2 (English keys, numbers with a decimal point, lists comma-separated):

    ?v=2                                 the link format version (always written)
    &w=purchase_history:7.5,image:3      catalogue weights by criterion key, only those not at 5
                                         (absent: all at 5; a criterion added later keeps its default)
    &rev=price_sensitivity,service_effort   criteria counted as 10 − rating (only if not the default set)
    &c=Innovationskraft:7.5&c=Lieferantentreue:3:rev   own criteria of the list: name:weight[:rev]
                                         (only those not at weight 5 / default direction)
    &method=score&t=7,4                  class method (score|pareto|rank) and its thresholds a,b (always)
    &basis=revenue                       Pareto value basis (only for pareto, if not the € value)
    &eur=120                             € per score point (only if set by hand)
    &clv=0.85,0.1                        CLV retention and discount rate (only if not 0.8, 0.1)
    &name=Vorschlag%20Vertrieb           the name, if the settings are a scenario saved in the session
    &a=…&b=…                             Szenarienvergleich: the compared pair (once the page was opened)
                                           current            the settings above
                                           preset:profit      a preset (on the settings above)
                                           lib:<id>:<version> a scenario of the shared library
                                           inline:<settings>  an unsaved scenario: its own parameters
                                                              (w, rev, c, method, t, basis, eur, clv,
                                                              name) URL-encoded; at most 2,000 characters
    &spread=30&draws=5000                Robustheit: ± % and draws (only if not 20 and 1,000)

Version 1 (links without `v`): `w` holds the twelve catalogue weights in catalogue order
(`w=5,5,7.5,5,5,5,5,5,5,5,5,5`); such links still open exactly as before.

Every value is untrusted: a parameter that makes no sense is ignored – its part stays at the default –
and the user is told which one and why (`problems`: Phrases, German as text, `render(lang)` in another
language; `notice(problems)` joins them into one Phrase). Decoding never raises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from kundenwert.criteria import CRITERIA_BY_KEY, CRITERION_KEYS, CUSTOM_PREFIX
from kundenwert.errors import ScenarioError
from kundenwert.i18n import Phrase
from kundenwert.i18n import text as i18n_text
from kundenwert.scenario import (
    CLASS_METHODS,
    DEFAULT_REVERSED,
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHT,
    EUR_PER_POINT_MAX,
    NAME_MAX_CHARS,
    PARETO_BASES,
    PRESETS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    WEIGHT_STEP,
    Scenario,
    validate_thresholds,
)

VERSION = "2"
SETTINGS_KEYS = ("w", "rev", "c", "method", "t", "basis", "eur", "clv", "name")
PAIR_KEYS = ("a", "b")
ROBUSTNESS_KEYS = ("spread", "draws")
LIST_KEY = "list"   # whose list the view showed: "own" or "sample" (read by kundenwert.ui.urlstate; the list never travels)
KEYS = ("v", *SETTINGS_KEYS, *PAIR_KEYS, *ROBUSTNESS_KEYS, LIST_KEY)
LANG_KEY = "lang"   # the UI language (read by kundenwert.ui.lang, written by kundenwert.ui.urlstate)
IGNORED_SILENTLY = ("embed", "embed_options", LANG_KEY)      # Streamlit's own, and the language
EUR_MAX = EUR_PER_POINT_MAX
NUMBER_MAX_CHARS = 32           # "7.5", "1e12", "0.123456789012345": longer is no number we wrote
THRESHOLD_RANGE = (0.0, 100.0)  # score 0–10, Pareto and rank shares in % (validate_thresholds decides)
DEFAULT_CLV = (0.8, 0.1)
SHOWN_VALUE_MAX = 40
LINK_NAME_MAX = 60
INLINE_MAX_CHARS = 2_000        # one inline scenario; a full one with 30 own criteria is ~1,200
INLINE_FIELDS_MAX = 60
DEFAULT_NAME = i18n_text("link.default_name")   # a scenario name is data: German, as the presets
# Robustheit: ± % of every weight and the number of draws (the page's inputs)
SPREAD_MIN, SPREAD_MAX, SPREAD_STEP, SPREAD_DEFAULT = 5, 50, 5, 20
DRAWS_MIN, DRAWS_MAX, DRAWS_STEP, DRAWS_DEFAULT = 1000, 20000, 1000, 1000
PICK_KINDS = ("current", "preset", "lib", "inline")
NOTICE_PROBLEMS_MAX = 10


@dataclass(frozen=True)
class Pick:
    """One side of the Szenarienvergleich in a link.

    kind: "current" (the link's settings), "preset" (ref = preset key), "lib" (ref = library id,
    version), "inline" (scenario carried in the link itself).
    """
    kind: str
    ref: str = ""
    version: int | None = None
    scenario: Scenario | None = None


@dataclass
class Link:
    """Everything a link says; None where it says nothing (or nothing usable)."""
    scenario: Scenario | None = None
    name: str | None = None
    a: Pick | None = None
    b: Pick | None = None
    spread: int | None = None
    draws: int | None = None
    problems: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- encode

def _num(x: float) -> str:
    """7.5 -> "7.5", 5.0 -> "5" (machine format, no thousands separator)."""
    return format(float(x), ".15g")


def _settings(s: Scenario, name: str | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    changed = [f"{k}:{_num(s.weight(k))}" for k in CRITERION_KEYS if s.weight(k) != DEFAULT_WEIGHT]
    if changed:
        out["w"] = [",".join(changed)]
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


def encode(s: Scenario, name: str | None = None) -> dict[str, list[str]]:
    """The URL parameters for a scenario (each value a list, repeated keys possible), format version 2."""
    return {"v": [VERSION], **_settings(s, name)}


def encode_pick(pick: Pick) -> str:
    """One side of the comparison as a URL value."""
    if pick.kind == "inline":
        assert pick.scenario is not None
        return "inline:" + urlencode(_settings(pick.scenario, pick.scenario.name), doseq=True)
    if pick.kind == "lib":
        return f"lib:{pick.ref}:{pick.version}"
    if pick.kind == "preset":
        return f"preset:{pick.ref}"
    return "current"


def encode_link(link: Link) -> dict[str, list[str]]:
    """All parameters of a view: settings, the compared pair (if any), robustness inputs (if not default)."""
    out = encode(link.scenario or Scenario(name=DEFAULT_NAME), link.name)
    for key, pick in (("a", link.a), ("b", link.b)):
        if pick is not None:
            out[key] = [encode_pick(pick)]
    if link.spread is not None and link.spread != SPREAD_DEFAULT:
        out["spread"] = [str(int(link.spread))]
    if link.draws is not None and link.draws != DRAWS_DEFAULT:
        out["draws"] = [str(int(link.draws))]
    return out


# ------------------------------------------------------------------------------------- decode

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


def _shown(key: str, value: str) -> Phrase:
    return Phrase("link.shown", {"key": _cut(key), "value": _cut(value)})


def _weights_v1(text: str, problems: list[str]) -> dict[str, float] | None:
    """Version 1: twelve numbers in catalogue order."""
    try:
        parts = text.split(",", len(CRITERION_KEYS))
        if len(parts) != len(CRITERION_KEYS):
            raise ValueError(text[:SHOWN_VALUE_MAX])
        values = [_float(v, WEIGHT_MIN, WEIGHT_MAX) for v in parts]
    except ValueError:
        problems.append(Phrase("link.weights_v1", {"shown": _shown("w", text), "n": len(CRITERION_KEYS),
                                                   "low": WEIGHT_MIN, "high": WEIGHT_MAX}))
        return None
    return dict(zip(CRITERION_KEYS, values, strict=True))


def _weights_v2(text: str, problems: list[str]) -> dict[str, float]:
    """Version 2: key:weight pairs; a bad pair is reported and skipped, the others count."""
    values: dict[str, float] = {}
    bad: list[str] = []
    for item in text.split(",", len(CRITERION_KEYS) * 2)[:len(CRITERION_KEYS) * 2]:
        if not item.strip():
            continue
        key, _, value = item.partition(":")
        key = key.strip()
        try:
            if key not in CRITERIA_BY_KEY:
                raise ValueError(key)
            values[key] = _float(value, WEIGHT_MIN, WEIGHT_MAX)
        except ValueError:
            bad.append(_cut(item))
    if bad or len(text.split(",")) > len(CRITERION_KEYS) * 2:
        problems.append(Phrase("link.weights_v2", {"shown": _shown("w", text), "low": WEIGHT_MIN, "high": WEIGHT_MAX,
                                                   "bad": bad[:3] or Phrase("link.too_many")}))
    return values


def _settings_from(ours: Mapping[str, list[str]], version: str | None, problems: list[str],
                   default_name: str) -> tuple[Scenario, str | None]:
    def one(key: str) -> str | None:
        values = ours.get(key)
        return values[-1] if values else None

    weights = dict.fromkeys(CRITERION_KEYS, DEFAULT_WEIGHT)
    reversed_ = set(DEFAULT_REVERSED)
    text = one("w")
    if text is not None:
        given = _weights_v1(text, problems) if version is None else _weights_v2(text, problems)
        if given is not None:
            wanted = {**weights, **given}
            if sum(wanted.values()) <= 0:
                problems.append(Phrase("link.all_zero", {"shown": _shown("w", text)}))
            else:
                snapped = {k: round(v / WEIGHT_STEP) * WEIGHT_STEP for k, v in wanted.items()}
                if snapped != wanted:
                    problems.append(Phrase("link.rounded", {"shown": _shown("w", text), "step": WEIGHT_STEP}))
                weights = snapped
    text = one("rev")
    if text is not None:
        keys = [k.strip() for k in text.split(",") if k.strip()]
        unknown = [k for k in keys if k not in CRITERIA_BY_KEY]
        if unknown:
            problems.append(Phrase("link.unknown_criteria", {"shown": _shown("rev", text),
                                                             "keys": [_cut(k) for k in unknown[:3]]}))
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
            problems.append(Phrase("link.custom", {"shown": _shown("c", text)}))
            continue
        key = CUSTOM_PREFIX + label.strip()
        weights[key] = w
        if flag == "rev":
            reversed_.add(key)
    method = one("method")
    if method is not None and method not in CLASS_METHODS:
        problems.append(Phrase("link.one_of", {"shown": _shown("method", method), "choices": list(CLASS_METHODS)}))
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
            problems.append(Phrase("link.thresholds", {"shown": _shown("t", text), "method": method}))
    basis = one("basis")
    if basis is not None and basis not in PARETO_BASES:
        problems.append(Phrase("link.one_of", {"shown": _shown("basis", basis), "choices": list(PARETO_BASES)}))
        basis = None
    epp = None
    text = one("eur")
    if text is not None:
        try:
            epp = _float(text, 0.0, EUR_MAX)
        except ValueError:
            problems.append(Phrase("link.eur", {"shown": _shown("eur", text), "high": EUR_MAX}))
            epp = None
    retention, discount = DEFAULT_CLV
    text = one("clv")
    if text is not None:
        try:
            parts = text.split(",", 2)
            if len(parts) != 2:
                raise ValueError(text[:SHOWN_VALUE_MAX])
            retention, discount = _float(parts[0], 0.0, 0.99), _float(parts[1], 0.0, 0.5)
        except ValueError:
            problems.append(Phrase("link.clv", {"shown": _shown("clv", text)}))
    name = one("name")
    if name is not None:
        name = " ".join(name.split())[:LINK_NAME_MAX] or None
    scenario = Scenario(name=name or default_name, weights=weights, reversed=frozenset(reversed_),
                        class_method=method, thresholds=(float(thresholds[0]), float(thresholds[1])),
                        pareto_basis=basis or "value_eur", euro_per_point=epp, retention=retention,
                        discount=discount)
    return scenario, name


def _pick(key: str, text: str, problems: list[str]) -> Pick | None:
    kind, _, rest = text.partition(":")
    if kind == "current" and not rest:
        return Pick("current")
    if kind == "preset" and rest in PRESETS:
        return Pick("preset", rest)
    if kind == "lib":
        ref, _, version = rest.rpartition(":")
        if ref and len(ref) <= 64 and version.isascii() and version.isdigit() and len(version) <= 9:
            return Pick("lib", ref, int(version))
    if kind == "inline" and len(text) <= INLINE_MAX_CHARS:
        try:
            fields = parse_qs(rest, keep_blank_values=True, max_num_fields=INLINE_FIELDS_MAX)
        except ValueError:
            fields = None
        if fields is not None and set(fields) <= set(SETTINGS_KEYS):
            inner: list[str] = []
            scenario, _ = _settings_from(fields, VERSION, inner, i18n_text("link.inline_name", key=key.upper()))
            problems.extend(Phrase("link.inline", {"shown": _shown(key, "inline:…"), "problem": p}) for p in inner)
            return Pick("inline", scenario=scenario)
    problems.append(Phrase("link.pick", {"shown": _shown(key, text)}))
    return None


def _int_in(key: str, text: str, lo: int, hi: int, step: int, problems: list[str]) -> int | None:
    try:
        value = _float(text, lo, hi)
        if value != int(value) or int(value) % step:
            raise ValueError(text)
        return int(value)
    except ValueError:
        problems.append(Phrase("link.whole_number", {"shown": _shown(key, text), "low": lo, "high": hi, "step": step}))
        return None


def decode_link(params: Mapping[str, list[str]], default_name: str = DEFAULT_NAME) -> Link:
    """Everything in a URL (each value a list). Each problem names the parameter and why it was ignored."""
    link = Link()
    problems = link.problems
    ours = {k: v for k, v in params.items() if k in KEYS and v}
    for key in params:
        if key not in KEYS and key not in IGNORED_SILENTLY:
            problems.append(Phrase("link.unknown_parameter", {"shown": _shown(key, ",".join(params[key][:3]))}))
    version = (ours.get("v") or [None])[-1]
    if version is not None and version not in ("1", VERSION):
        problems.append(Phrase("link.version", {"shown": _shown("v", version), "version": VERSION}))
    version = None if version == "1" else (version and VERSION)
    if set(ours) & set(SETTINGS_KEYS) or version:
        link.scenario, link.name = _settings_from(ours, version, problems, default_name)
    for key in PAIR_KEYS:
        if key in ours:
            setattr(link, key, _pick(key, ours[key][-1], problems))
    if "spread" in ours:
        link.spread = _int_in("spread", ours["spread"][-1], SPREAD_MIN, SPREAD_MAX, SPREAD_STEP, problems)
    if "draws" in ours:
        link.draws = _int_in("draws", ours["draws"][-1], DRAWS_MIN, DRAWS_MAX, DRAWS_STEP, problems)
    return link


def decode(params: Mapping[str, list[str]], default_name: str = DEFAULT_NAME
           ) -> tuple[Scenario | None, str | None, list[str]]:
    """Settings from URL parameters: (scenario or None if none of ours is there, name, problems)."""
    link = decode_link(params, default_name)
    return link.scenario, link.name, link.problems


def notice(problems: list[str]) -> Phrase:
    """The one notice about a link's unusable parts (problems are Phrases; plain text stays), as a Phrase:
    worded by the edge in its language (``kundenwert.ui.messages.shown``, ``Phrase.render``)."""
    listed = problems[:NOTICE_PROBLEMS_MAX]
    more = len(problems) - len(listed)
    tail = Phrase("link.more", {"n": more}) if more else ""
    return Phrase("link.notice", {"problems": Phrase.join(listed), "more": tail})
