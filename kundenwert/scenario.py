"""Scenarios: weights, directions, class method and thresholds, euro per point. Presets and JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace

from .criteria import CRITERIA, CRITERIA_BY_KEY, CRITERION_KEYS, CUSTOM_PREFIX
from .errors import ScenarioError, os_error_text
from .i18n import Phrase, catalogue, text

DEFAULT_WEIGHT = 5.0
WEIGHT_MIN, WEIGHT_MAX, WEIGHT_STEP = 0.0, 10.0, 0.5

#: The presets' names (German; the catalogue's ``preset.<key>``; ``report.scenario_name`` gives them in a language).
_PRESET_NAMES = {k: catalogue("de")[f"preset.{k}"] for k in ("balanced", "profit", "loyalty", "risk")}

CLASS_METHODS = ("score", "pareto", "rank")
DEFAULT_THRESHOLDS = {"score": (7.0, 4.0), "pareto": (80.0, 95.0), "rank": (20.0, 30.0)}
PARETO_BASES = ("value_eur", "revenue", "margin")

DEFAULT_REVERSED = frozenset(c.key for c in CRITERIA if not c.higher_is_better)
EUR_PER_POINT_MAX = 1e12          # € per score point: above this the values leave any sensible (and finite) range
NAME_MAX_CHARS = 200              # a scenario name longer than this is no name
MAX_JSON_BYTES = 200_000          # a scenario file is well under 2 KB
MAX_JSON_DEPTH = 20               # a scenario file nests three levels

_JSON_MESSAGES = {                # the json module's English texts -> key "scenario.json.<code>" of the catalogue
    "Expecting property name enclosed in double quotes": "property",
    "Expecting value": "value",
    "Expecting ':' delimiter": "colon",
    "Expecting ',' delimiter": "comma",
    "Extra data": "extra",
    "Unterminated string starting at": "unterminated",
    "Invalid control character at": "control",
    "Invalid \\escape": "escape",
    "Invalid \\uXXXX escape": "escape_u",
}
_JSON_OTHER = "syntax"


def _error(key: str, /, **params: object) -> ScenarioError:
    """A scenario error from the catalogue (German text; ``.text(lang)`` gives it in another language)."""
    return ScenarioError.keyed(f"scenario.{key}", **params)


@dataclass(frozen=True)
class Scenario:
    """Everything a user sets that changes the result. Weights of unlisted criteria are 5."""

    name: str = _PRESET_NAMES["balanced"]
    weights: dict[str, float] = field(default_factory=dict)
    reversed: frozenset[str] = DEFAULT_REVERSED      # criteria counted as 10 - rating ("high = bad")
    class_method: str = "score"
    thresholds: tuple[float, float] = DEFAULT_THRESHOLDS["score"]
    pareto_basis: str = "value_eur"
    euro_per_point: float | None = None              # None: derived from the margin column, else 100 €
    retention: float = 0.8
    discount: float = 0.1

    def weight(self, key: str) -> float:
        return float(self.weights.get(key, DEFAULT_WEIGHT))

    def is_reversed(self, key: str) -> bool:
        return key in self.reversed

    def with_method(self, method: str) -> Scenario:
        return replace(self, class_method=method, thresholds=DEFAULT_THRESHOLDS[method])

    # ------------------------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "weights": {k: self.weight(k) for k in sorted(set(CRITERION_KEYS) | set(self.weights))},
            "reversed": sorted(self.reversed),
            "class_method": self.class_method,
            "thresholds": list(self.thresholds),
            "pareto_basis": self.pareto_basis,
            "euro_per_point": self.euro_per_point,
            "retention": self.retention,
            "discount": self.discount,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: object) -> Scenario:
        """Validate a scenario dict; raises ScenarioError naming the problem, nothing half-applied."""
        if not isinstance(data, dict):
            raise _error("not_object")
        name = data.get("name", text("scenario.default_name"))   # a name is data: German, as the presets
        if not isinstance(name, str) or not name.strip():
            raise _error("name_text")
        weights_in = data.get("weights", {})
        if not isinstance(weights_in, dict):
            raise _error("weights_object")
        if len(name) > NAME_MAX_CHARS:
            raise _error("name_too_long", length=len(name), limit=NAME_MAX_CHARS)
        weights: dict[str, float] = {}
        for key, value in weights_in.items():
            if not _known_key(key):
                raise _error("unknown_criterion", key=_short(key))
            number = _finite(value)
            if number is None or not WEIGHT_MIN <= number <= WEIGHT_MAX:
                raise _error("bad_weight", key=_short(key), value=_short(json.dumps(value, ensure_ascii=False,
                                                                                    default=str)))
            weights[key] = number
        rev = data.get("reversed", sorted(DEFAULT_REVERSED))
        if not isinstance(rev, list) or not all(isinstance(k, str) for k in rev):
            raise _error("reversed_list")
        for key in rev:
            if not _known_key(key):
                raise _error("unknown_reversed", key=_short(key))
        method = data.get("class_method", "score")
        if not isinstance(method, str) or method not in CLASS_METHODS:
            raise _error("bad_method", choices=list(CLASS_METHODS))
        thresholds = data.get("thresholds", list(DEFAULT_THRESHOLDS[method]))
        if (not isinstance(thresholds, list) or len(thresholds) != 2
                or any(_finite(t) is None for t in thresholds)):
            raise _error("thresholds_list")
        thresholds = [_finite(t) for t in thresholds]
        basis = data.get("pareto_basis", "value_eur")
        if not isinstance(basis, str) or basis not in PARETO_BASES:
            raise _error("bad_basis", choices=list(PARETO_BASES))
        epp = data.get("euro_per_point")
        if epp is not None:
            epp = _finite(epp)
            if epp is None or not 0 <= epp <= EUR_PER_POINT_MAX:
                raise _error("bad_euro_per_point")
        retention = data.get("retention", 0.8)
        discount = data.get("discount", 0.1)
        for label, val in (("retention", retention), ("discount", discount)):
            number = _finite(val)
            if number is None or not 0 <= number < 1:
                raise _error("bad_fraction", field=label)
        scenario = cls(name=name.strip(), weights=weights, reversed=frozenset(rev), class_method=method,
                       thresholds=(float(thresholds[0]), float(thresholds[1])), pareto_basis=basis,
                       euro_per_point=None if epp is None else float(epp), retention=float(retention),
                       discount=float(discount))
        validate_thresholds(scenario.class_method, scenario.thresholds)
        return scenario

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Parse and validate a scenario file; every problem is a ScenarioError (German, one line; ``.text(lang)`` in another language)."""
        if len(text) > MAX_JSON_BYTES:
            raise _error("too_large", kb=MAX_JSON_BYTES // 1000)
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise _error("not_text") from exc
        depth = _nesting_depth(text)
        if depth > MAX_JSON_DEPTH:
            raise _error("too_deep", depth=depth)
        try:
            data = json.loads(text, parse_constant=_no_constant, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            code = next((c for e, c in _JSON_MESSAGES.items() if exc.msg.startswith(e)), _JSON_OTHER)
            raise _error("bad_json_at", row=exc.lineno, col=str(exc.colno),
                         why=Phrase(f"scenario.json.{code}")) from None
        except ScenarioError:
            raise
        except (ValueError, RecursionError, OverflowError, MemoryError) as exc:
            raise _error("bad_json") from exc
        return cls.from_dict(data)


def file_error(key: str, label: Phrase, exc: OSError | None = None) -> ScenarioError:
    """A scenario file that cannot be read (``label`` names the file; ``exc`` gives the reason), any language."""
    def render(lang: str) -> str:
        reason = os_error_text(exc, lang) if exc is not None else ""
        return text(key, lang, label=label.render(lang), reason=reason)
    return ScenarioError(render("de"), render=render)


def labelled(error: ScenarioError, label: Phrase) -> ScenarioError:
    """The error with the file named: "Szenario-Datei …" -> "Szenario-Datei „name.json“ …", any language."""
    def render(lang: str) -> str:
        message, prefix = error.text(lang), text("scenario.prefix", lang)
        if message.startswith(prefix):
            return label.render(lang) + message.removeprefix(prefix)
        return f"{label.render(lang)}: {message}"        # e.g. the thresholds' own sentence
    return ScenarioError(render("de"), render=render)


def _finite(value: object) -> float | None:
    """A JSON number as a finite float, else None (bool, text, NaN, ±inf, a 400-digit integer)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _known_key(key: object) -> bool:
    return isinstance(key, str) and (key in CRITERIA_BY_KEY or (key.startswith(CUSTOM_PREFIX)
                                                                 and 0 < len(key) <= NAME_MAX_CHARS))


def _short(text: object, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _no_constant(name: str) -> object:
    raise _error("constant", name=name)


def _json_int(text: str) -> int | float:
    """Integers as Python ints; longer than a float can hold exactly -> float (possibly inf, refused later)."""
    return int(text) if len(text) <= 18 else float(text)


def _nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings (the json module recurses and would overflow)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _bound(value: float) -> float | str:
    """A threshold for a message: a number in the language's format, a huge one as 1e+244 (short)."""
    return float(value) if abs(value) < 1e9 else f"{value:g}"


def validate_thresholds(method: str, thresholds: tuple[float, float]) -> None:
    a, b = thresholds
    if method == "score":
        if not (0 <= b <= a <= 10):
            raise _error("thresholds.score", a=_bound(a), b=_bound(b))
    elif method == "pareto":
        if not (0 < a <= b <= 100):
            raise _error("thresholds.pareto", a=_bound(a), b=_bound(b))
    elif not (0 <= a <= 100 and 0 <= b <= 100 and a + b <= 100):
        raise _error("thresholds.rank", a=_bound(a), b=_bound(b))


def _preset(name: str, high: dict[str, float]) -> Scenario:
    weights = {k: high.get(k, 2.0) for k in CRITERION_KEYS}
    return Scenario(name=name, weights=weights)


PRESETS: dict[str, Scenario] = {
    "balanced": Scenario(name=_PRESET_NAMES["balanced"], weights={k: DEFAULT_WEIGHT for k in CRITERION_KEYS}),
    "profit": _preset(_PRESET_NAMES["profit"], {"contribution_margin": 10, "purchase_history": 8,
                                        "payment_behaviour": 8, "creditworthiness": 8}),
    "loyalty": _preset(_PRESET_NAMES["loyalty"], {"referral": 10, "purchase_history": 8,
                                             "likeability": 8, "image": 8}),
    "risk": _preset(_PRESET_NAMES["risk"], {"creditworthiness": 10, "payment_behaviour": 10,
                               "complaint_rate": 8, "service_effort": 8}),
}
