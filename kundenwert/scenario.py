"""Scenarios: weights, directions, class method and thresholds, euro per point. Presets and JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace

from .criteria import CRITERIA, CRITERIA_BY_KEY, CRITERION_KEYS, CUSTOM_PREFIX
from .errors import ScenarioError

DEFAULT_WEIGHT = 5.0
WEIGHT_MIN, WEIGHT_MAX, WEIGHT_STEP = 0.0, 10.0, 0.5

CLASS_METHODS = ("score", "pareto", "rank")
CLASS_METHOD_LABELS = {
    "score": "Score-Schwellen",
    "pareto": "Pareto (Wertanteil)",
    "rank": "Rang-Anteile",
}
DEFAULT_THRESHOLDS = {"score": (7.0, 4.0), "pareto": (80.0, 95.0), "rank": (20.0, 30.0)}
PARETO_BASES = ("value_eur", "revenue", "margin")

DEFAULT_REVERSED = frozenset(c.key for c in CRITERIA if not c.higher_is_better)


@dataclass(frozen=True)
class Scenario:
    """Everything a user sets that changes the result. Weights of unlisted criteria are 5."""

    name: str = "Ausgewogen"
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
            raise ScenarioError("Szenario-Datei: erwartet wird ein JSON-Objekt.")
        name = data.get("name", "Szenario")
        if not isinstance(name, str) or not name.strip():
            raise ScenarioError("Szenario-Datei: „name“ muss ein Text sein.")
        weights_in = data.get("weights", {})
        if not isinstance(weights_in, dict):
            raise ScenarioError("Szenario-Datei: „weights“ muss ein Objekt {Kriterium: Gewicht} sein.")
        weights: dict[str, float] = {}
        for key, value in weights_in.items():
            if key not in CRITERIA_BY_KEY and not str(key).startswith(CUSTOM_PREFIX):
                raise ScenarioError(f"Szenario-Datei: unbekanntes Kriterium „{key}“.")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or not WEIGHT_MIN <= value <= WEIGHT_MAX:
                raise ScenarioError(f"Szenario-Datei: Gewicht für „{key}“ muss eine Zahl von 0 bis 10 sein, "
                                    f"nicht {value!r}.")
            weights[key] = float(value)
        rev = data.get("reversed", sorted(DEFAULT_REVERSED))
        if not isinstance(rev, list) or not all(isinstance(k, str) for k in rev):
            raise ScenarioError("Szenario-Datei: „reversed“ muss eine Liste von Kriterien sein.")
        for key in rev:
            if key not in CRITERIA_BY_KEY and not key.startswith(CUSTOM_PREFIX):
                raise ScenarioError(f"Szenario-Datei: unbekanntes Kriterium „{key}“ in „reversed“.")
        method = data.get("class_method", "score")
        if method not in CLASS_METHODS:
            raise ScenarioError(f"Szenario-Datei: „class_method“ muss eines von {', '.join(CLASS_METHODS)} sein.")
        thresholds = data.get("thresholds", list(DEFAULT_THRESHOLDS[method]))
        if (not isinstance(thresholds, list) or len(thresholds) != 2
                or not all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in thresholds)):
            raise ScenarioError("Szenario-Datei: „thresholds“ muss eine Liste mit zwei Zahlen sein.")
        basis = data.get("pareto_basis", "value_eur")
        if basis not in PARETO_BASES:
            raise ScenarioError(f"Szenario-Datei: „pareto_basis“ muss eines von {', '.join(PARETO_BASES)} sein.")
        epp = data.get("euro_per_point")
        if epp is not None and (isinstance(epp, bool) or not isinstance(epp, (int, float)) or not math.isfinite(epp)
                                or epp < 0):
            raise ScenarioError("Szenario-Datei: „euro_per_point“ muss eine Zahl ≥ 0 oder null sein.")
        retention = data.get("retention", 0.8)
        discount = data.get("discount", 0.1)
        for label, val in (("retention", retention), ("discount", discount)):
            if isinstance(val, bool) or not isinstance(val, (int, float)) or not 0 <= val < 1:
                raise ScenarioError(f"Szenario-Datei: „{label}“ muss eine Zahl von 0 bis unter 1 sein.")
        scenario = cls(name=name.strip(), weights=weights, reversed=frozenset(rev), class_method=method,
                       thresholds=(float(thresholds[0]), float(thresholds[1])), pareto_basis=basis,
                       euro_per_point=None if epp is None else float(epp), retention=float(retention),
                       discount=float(discount))
        validate_thresholds(scenario.class_method, scenario.thresholds)
        return scenario

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"Szenario-Datei ist kein gültiges JSON: {exc}.") from exc
        return cls.from_dict(data)


def validate_thresholds(method: str, thresholds: tuple[float, float]) -> None:
    a, b = thresholds
    if method == "score":
        if not (0 <= b <= a <= 10):
            raise ScenarioError(f"Score-Schwellen: es muss 0 ≤ B-Schwelle ({b:g}) ≤ A-Schwelle ({a:g}) ≤ 10 gelten.")
    elif method == "pareto":
        if not (0 < a <= b <= 100):
            raise ScenarioError(f"Pareto-Schwellen: es muss 0 < A ({a:g} %) ≤ B ({b:g} %) ≤ 100 gelten.")
    elif not (0 <= a <= 100 and 0 <= b <= 100 and a + b <= 100):
        raise ScenarioError(f"Rang-Anteile: A ({a:g} %) und B ({b:g} %) müssen zusammen höchstens 100 % sein.")


def _preset(name: str, high: dict[str, float]) -> Scenario:
    weights = {k: high.get(k, 2.0) for k in CRITERION_KEYS}
    return Scenario(name=name, weights=weights)


PRESETS: dict[str, Scenario] = {
    "balanced": Scenario(name="Ausgewogen", weights={k: DEFAULT_WEIGHT for k in CRITERION_KEYS}),
    "profit": _preset("Gewinn zuerst", {"contribution_margin": 10, "purchase_history": 8,
                                        "payment_behaviour": 8, "creditworthiness": 8}),
    "loyalty": _preset("Treue & Empfehlung", {"referral": 10, "purchase_history": 8,
                                             "likeability": 8, "image": 8}),
    "risk": _preset("Risiko", {"creditworthiness": 10, "payment_behaviour": 10,
                               "complaint_rate": 8, "service_effort": 8}),
}
