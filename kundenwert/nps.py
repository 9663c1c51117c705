"""Net Promoter Score from a 0-10 "would recommend" column."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class NpsResult:
    respondents: int
    promoters: int
    passives: int
    detractors: int

    @property
    def nps(self) -> float | None:
        """% promoters − % detractors, −100 … +100; None without answers."""
        if not self.respondents:
            return None
        return (self.promoters - self.detractors) / self.respondents * 100

    def to_dict(self) -> dict:
        return {"respondents": self.respondents, "promoters": self.promoters, "passives": self.passives,
                "detractors": self.detractors, "nps": self.nps}


def nps_groups(values: np.ndarray) -> np.ndarray:
    """'promoter' (9–10), 'passive' (7–8), 'detractor' (0–6) or '' for missing."""
    v = np.asarray(values, dtype=float)
    return np.where(np.isnan(v), "", np.where(v >= 9, "promoter", np.where(v >= 7, "passive", "detractor")))


def net_promoter_score(values: np.ndarray) -> NpsResult:
    groups = nps_groups(values)
    promoters = int((groups == "promoter").sum())
    passives = int((groups == "passive").sum())
    detractors = int((groups == "detractor").sum())
    return NpsResult(promoters + passives + detractors, promoters, passives, detractors)
