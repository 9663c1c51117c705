"""Everything shown about a result, computed once: the one home for each derived rule.

Pages, the CLI and the exports call these functions with the user's settings and only format:
row accounting, class summary, the class rule, customer flags, the after-sales matrix with the
user's "satisfied from" threshold, NPS. Findings come out as codes plus parameters; the German
sentence for each is built by exactly one function here or in ``report_text``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .dataset import CustomerList
from .fmt import fmt_eur, fmt_num, fmt_pct, plural
from .matrix import DEFAULT_SATISFIED_FROM, STUDY_RATES, MatrixResult, after_sales_matrix
from .nps import NpsResult, net_promoter_score
from .scenario import CLASS_METHOD_LABELS, DEFAULT_THRESHOLDS, Scenario
from .scoring import CLASSES, ScoreResult

SLOW_PAYER_MAX = 3.0            # payment behaviour (after direction) at or below: consider prepayment
KEY_ACCOUNT_SHARE = 0.05        # top 5 % by revenue
SCORE_DECIMALS = 1              # a score is shown with one decimal everywhere
BASIS_LABELS = {"value_eur": "Kundenwert", "revenue": "Umsatz", "margin": "Deckungsbeitrag"}
BASIS_GENITIVE = {"value_eur": "Kundenwerts", "revenue": "Umsatzes", "margin": "Deckungsbeitrags"}


def has_ratings(cl: CustomerList | None) -> bool:
    """Whether the list has rating columns at all (a survey list with only matrix/NPS columns has none)."""
    return cl is not None and bool(cl.criteria)


def no_ratings_sentence() -> str:
    """What the ranking edges say for a list without rating columns."""
    return ("Die Liste hat keine Bewertungsspalten (0–10) – ohne Bewertungen gibt es keinen Score, kein Ranking und "
            "keine ABC-Klassen. After-Sales-Matrix und NPS gehen auch ohne; "
            "Bewertungsspalten lassen sich ergänzen oder in der Spaltenzuordnung als Kriterium übernehmen.")


# ------------------------------------------------------------------------------------- settings

def key_account_threshold(frame: pd.DataFrame, share: float = KEY_ACCOUNT_SHARE) -> float | None:
    """Revenue from which a customer is among the top ``share`` of customers by revenue."""
    if "revenue" not in frame.columns:
        return None
    rev = pd.to_numeric(frame["revenue"], errors="coerce").to_numpy(dtype=float)
    rev = rev[~np.isnan(rev)]
    if rev.size == 0:
        return None
    k = max(1, math.ceil(rev.size * share))
    kth = float(np.partition(rev, rev.size - k)[rev.size - k])
    return kth if kth > 0 else None


def default_min_order_revenue(frame: pd.DataFrame) -> float | None:
    """A sensible default for the minimum revenue per order: a quarter of the list's median, rounded."""
    if "revenue" not in frame.columns or "orders" not in frame.columns:
        return None
    rev = pd.to_numeric(frame["revenue"], errors="coerce").to_numpy(dtype=float)
    orders = pd.to_numeric(frame["orders"], errors="coerce").to_numpy(dtype=float)
    ok = ~np.isnan(rev) & ~np.isnan(orders) & (orders > 0)
    if not ok.any():
        return None
    median = float(np.median(rev[ok] / orders[ok]))
    if median <= 0:
        return None
    raw = median / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(round(raw / magnitude) * magnitude)


@dataclass(frozen=True)
class Settings:
    """The user's settings that change what is shown beyond the scenario (passed to every edge)."""

    min_order_revenue: float | None = None      # flag customers below this revenue per order; None: no check
    satisfied_from: float = DEFAULT_SATISFIED_FROM  # matrix: a 0–10 satisfaction from this value is "satisfied"
    key_account_share: float = KEY_ACCOUNT_SHARE

    def to_dict(self) -> dict:
        return asdict(self)


def settings_for(result: ScoreResult, *, min_order_revenue: float | None = None,
                 satisfied_from: float | None = None) -> Settings:
    """The settings with the list's defaults filled in where the user set nothing."""
    if min_order_revenue is None:
        min_order_revenue = default_min_order_revenue(result.frame)
    return Settings(min_order_revenue=min_order_revenue,
                    satisfied_from=DEFAULT_SATISFIED_FROM if satisfied_from is None else float(satisfied_from))


# ------------------------------------------------------------------------------------ accounting

@dataclass(frozen=True)
class Accounting:
    """Every data row in exactly one place: scored + not scorable + rejected + skipped = rows read."""

    rows_read: int
    scored: int
    not_scorable: int
    rejected: int
    skipped: int
    incomplete: int = 0          # part of scored
    unrated: int = 0             # customers without a result: no rating columns, or no score possible

    @property
    def balanced(self) -> bool:
        return self.scored + self.not_scorable + self.unrated + self.rejected + self.skipped == self.rows_read

    def to_dict(self) -> dict:
        """The counts that add up (``incomplete`` is part of ``scored`` and reported on its own;
        ``unrated`` only appears when the list could not be scored at all)."""
        out = {"rows_read": self.rows_read, "scored": self.scored, "not_scorable": self.not_scorable,
               "rejected": self.rejected, "skipped": self.skipped}
        if self.unrated:
            out["unrated"] = self.unrated
        return out


def accounting(cl: CustomerList, result: ScoreResult | None) -> Accounting:
    """The row accounting of a list; without a result (no ratings, or all weights 0) its customers
    count as "ohne Bewertung" (validate scores with the default scenario, too)."""
    if result is None or not has_ratings(cl):
        return Accounting(rows_read=int(cl.rows_read), scored=0, not_scorable=0, unrated=len(cl.customers),
                          rejected=len(cl.rejected), skipped=len(cl.skipped))
    f = result.frame
    scored = int(f["scorable"].sum())
    return Accounting(rows_read=int(cl.rows_read), scored=scored, incomplete=int(f["incomplete"].sum()),
                      not_scorable=len(f) - scored, rejected=len(cl.rejected), skipped=len(cl.skipped))


def accounting_sentence(acc: Accounting) -> str:
    """'Gelesen: 14 Zeilen = 9 bewertet + 1 nicht bewertbar + 2 abgelehnt + 2 übersprungen'."""
    parts = [f"{fmt_num(acc.scored, 0)} bewertet", f"{fmt_num(acc.not_scorable, 0)} nicht bewertbar"]
    if acc.unrated:
        parts = [f"{plural(acc.unrated, 'Kunde', 'Kunden')} ohne Bewertung"]
    parts += [f"{fmt_num(acc.rejected, 0)} abgelehnt", f"{fmt_num(acc.skipped, 0)} übersprungen"]
    return f"Gelesen: {plural(acc.rows_read, 'Zeile', 'Zeilen')} = " + " + ".join(parts)


# ------------------------------------------------------------------------------------ class rule

def class_method_label(method: str) -> str:
    return CLASS_METHOD_LABELS.get(method, method)


def class_rule(scenario: Scenario) -> tuple[str, dict]:
    """The active class rule as a code and its parameters."""
    a, b = scenario.thresholds
    params = {"a": float(a), "b": float(b)}
    if scenario.class_method == "pareto":
        params["basis"] = scenario.pareto_basis
    return scenario.class_method, params


def _threshold(method: str, value: float) -> str:
    return fmt_num(value, 1) if method == "score" else f"{fmt_num(value, 0)} %"


def class_rule_generic(method: str) -> str:
    """The rule of a method with the thresholds as letters a and b (method overview, help texts)."""
    return {
        "score": "A, wenn Score ≥ a; B, wenn Score ≥ b; sonst C.",
        "pareto": "Nach Wertbasis (Kundenwert, Umsatz oder Deckungsbeitrag) absteigend sortiert, Gleichstand nach "
                  "Kunden-Nr.: A, solange die Kunden davor weniger als a % der Summe halten, dann B bis b %, sonst C.",
        "rank": "Die besten a % der Kunden nach Score sind A, die nächsten b % B, der Rest C (Gleichstand nach "
                "Kunden-Nr.).",
    }[method]


def class_rule_defaults(method: str) -> str:
    """'a = 7, b = 4', 'a = 80 %, b = 95 %'."""
    a, b = DEFAULT_THRESHOLDS[method]
    unit = "" if method == "score" else " %"
    return f"a = {fmt_num(a, 0)}{unit}, b = {fmt_num(b, 0)}{unit}"


def class_rule_short(scenario: Scenario) -> str:
    """'Score-Schwellen (7,0 / 4,0)', 'Rang-Anteile (20 % / 30 %)', 'Pareto (Wertanteil) nach Umsatz (80 % / 95 %)'."""
    method, p = class_rule(scenario)
    basis = f" nach {BASIS_LABELS.get(p['basis'], p['basis'])}" if method == "pareto" else ""
    return f"{class_method_label(method)}{basis} ({_threshold(method, p['a'])} / {_threshold(method, p['b'])})"


def class_rule_text(scenario: Scenario) -> str:
    """One sentence: what the active rule means with the current thresholds."""
    method, p = class_rule(scenario)
    if method == "score":
        return (f"Klasse A ab Score {_threshold(method, p['a'])}, B ab {_threshold(method, p['b'])}, darunter C – "
                "die Klasse hängt nur vom eigenen Score des Kunden ab.")
    if method == "pareto":
        basis = BASIS_LABELS.get(p["basis"], p["basis"])
        return (f"Die Kunden werden nach {basis} absteigend sortiert (Gleichstand nach Kunden-Nr.); A ist, wer "
                f"vor sich weniger als {_threshold(method, p['a'])} des gesamten "
                f"{BASIS_GENITIVE.get(p['basis'], p['basis'])} hat, B bis "
                f"{_threshold(method, p['b'])}, der Rest C.")
    return (f"Die besten {_threshold(method, p['a'])} der Kunden nach Score sind A, die nächsten "
            f"{_threshold(method, p['b'])} B, der Rest C (Gleichstand nach Kunden-Nr.).")


# --------------------------------------------------------------------------------- class summary

def class_summary(result: ScoreResult) -> pd.DataFrame:
    """Per class: customers, their share, value and its share, revenue and its share, average score."""
    f = result.scored
    n = len(f)
    total_value = float(np.nansum(f["value_eur"].to_numpy(dtype=float)))
    has_revenue = "revenue" in f.columns and f["revenue"].notna().any()
    total_revenue = float(np.nansum(pd.to_numeric(f["revenue"], errors="coerce"))) if has_revenue else 0.0
    rows = []
    for c in CLASSES:
        part = f[f["class"] == c]
        value = float(np.nansum(part["value_eur"].to_numpy(dtype=float)))
        row = {"class": c, "customers": len(part), "share_customers": len(part) / n if n else np.nan,
               "value": value, "share_value": value / total_value if total_value else np.nan,
               "avg_score": float(part["score"].mean()) if len(part) else np.nan}
        if has_revenue:
            revenue = float(np.nansum(pd.to_numeric(part["revenue"], errors="coerce")))
            row["revenue"] = revenue
            row["share_revenue"] = revenue / total_revenue if total_revenue else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------- flags

FLAG_CODES = ("slow_payer", "key_account", "low_order_revenue", "loss", "not_scorable", "incomplete")
FLAG_LABELS = {
    "slow_payer": "Langsamer Zahler – Vorkasse erwägen",
    "key_account": "Key Account",
    "low_order_revenue": "Unter Mindestumsatz je Auftrag",
    "loss": "Negativer Deckungsbeitrag",
    "not_scorable": "Nicht bewertbar",
    "incomplete": "Unvollständig",
}


@dataclass
class Flags:
    """Per flag code a bool mask over the customers (result.frame order), and the limits used."""

    masks: dict[str, np.ndarray]
    key_account_from: float | None
    min_order_revenue: float | None

    def codes(self, position: int) -> list[str]:
        return [c for c in FLAG_CODES if self.masks[c][position]]

    def counts(self) -> dict[str, int]:
        return {c: int(self.masks[c].sum()) for c in FLAG_CODES}


def _column(frame: pd.DataFrame, key: str) -> np.ndarray | None:
    return pd.to_numeric(frame[key], errors="coerce").to_numpy(dtype=float) if key in frame.columns else None


def adjusted_payment(cl: CustomerList, result: ScoreResult) -> np.ndarray | None:
    """Payment behaviour after direction (NaN = missing), None if the list has no such rating."""
    if "payment_behaviour" not in result.criteria:
        return None
    pay = cl.ratings[:, result.criteria.index("payment_behaviour")]
    return 10.0 - pay if result.scenario.is_reversed("payment_behaviour") else pay


def customer_flags(cl: CustomerList, result: ScoreResult, settings: Settings) -> Flags:
    """The flags a manager acts on, for every customer, with every user setting passed in."""
    f = result.frame
    n = len(f)
    none = np.zeros(n, dtype=bool)
    pay = adjusted_payment(cl, result)
    revenue, orders, margin = _column(f, "revenue"), _column(f, "orders"), _column(f, "margin")
    ka = key_account_threshold(f, settings.key_account_share)
    masks = {"slow_payer": none if pay is None else np.nan_to_num(pay, nan=np.inf) <= SLOW_PAYER_MAX,
             "key_account": none if ka is None or revenue is None else np.nan_to_num(revenue, nan=-np.inf) >= ka}
    min_order = settings.min_order_revenue
    if min_order is not None and revenue is not None and orders is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            per_order = np.where(orders > 0, revenue / np.where(orders > 0, orders, 1.0), np.nan)
        masks["low_order_revenue"] = np.nan_to_num(per_order, nan=np.inf) < min_order
    else:
        masks["low_order_revenue"] = none
    masks["loss"] = none if margin is None else np.nan_to_num(margin, nan=0.0) < 0
    scorable = f["scorable"].to_numpy(dtype=bool)
    masks["not_scorable"] = ~scorable
    masks["incomplete"] = scorable & (f["missing"].to_numpy() > 0)
    return Flags(masks, ka, min_order)


def flag_label(code: str) -> str:
    return FLAG_LABELS[code]


def flag_detail(code: str, *, payment: float = math.nan, revenue: float = math.nan, orders: float = math.nan,
                margin: float = math.nan, missing: int = 0, reason: str = "", key_account_from: float | None = None,
                min_order_revenue: float | None = None) -> str:
    """One sentence per flag: why, and what to do."""
    if code == "slow_payer":
        return (f"Zahlungsmentalität {fmt_num(payment, 1)} von 10 (≤ {fmt_num(SLOW_PAYER_MAX, 0)}): "
                "Lieferung gegen Vorkasse oder kürzere Zahlungsziele erwägen.")
    if code == "key_account":
        return (f"Umsatz {fmt_eur(revenue, 0)} – unter den umsatzstärksten {fmt_num(KEY_ACCOUNT_SHARE * 100, 0)} % "
                f"der Liste (ab {fmt_eur(key_account_from, 0)}).")
    if code == "low_order_revenue":
        return (f"{fmt_eur(revenue / orders, 0)} je Auftrag ({plural(int(orders), 'Auftrag', 'Aufträge')}) – "
                f"unter {fmt_eur(min_order_revenue, 0)}: Mindestbestellwert oder Bündelung erwägen.")
    if code == "loss":
        return f"Deckungsbeitrag {fmt_eur(margin, 0)}: der Kunde kostet derzeit mehr, als er einbringt."
    if code == "not_scorable":
        return reason or "Zu viele Bewertungen fehlen."
    return (("1 Bewertung fehlt" if missing == 1 else f"{fmt_num(missing, 0)} Bewertungen fehlen")
            + " – der Score stützt sich auf die übrigen Kriterien (fehlend zählt nicht als 0).")


def flag_summary(flags: Flags) -> np.ndarray:
    """Per customer the labels of their flags joined by '; ' (the export's "Hinweise" column)."""
    n = len(next(iter(flags.masks.values())))
    out = np.full(n, "", dtype=object)
    for code in FLAG_CODES:
        mask = flags.masks[code]
        label = flag_label(code)
        out = np.where(mask, np.where(out != "", out + "; " + label, label), out)
    return out


# ------------------------------------------------------------------------------- matrix and NPS

def matrix(cl: CustomerList | None, settings: Settings) -> MatrixResult:
    """The after-sales matrix with the user's "satisfied from" threshold."""
    return after_sales_matrix(cl, settings.satisfied_from)


def study_table() -> pd.DataFrame:
    """The study's repurchase rates (``matrix.STUDY_RATES``) as the pages show them."""
    order = [(True, True), (False, True), (True, False), (False, False)]
    return pd.DataFrame({
        "zufrieden mit dem Kauf": ["ja" if s else "nein" for s, _ in order],
        "zufrieden mit After-Sales": ["ja" if a else "nein" for _, a in order],
        "Wiederkauf beim selben Händler": [fmt_pct(STUDY_RATES[k]) for k in order],
    })


def study_reading() -> str:
    """How to read the study, in one sentence with its rates."""
    return (f"Lesart der Studie: Wer mit Kauf und Service zufrieden ist, kauft zu {fmt_pct(STUDY_RATES[(True, True)])} "
            f"wieder beim selben Händler. Guter Service allein hält noch {fmt_pct(STUDY_RATES[(False, True)])}, "
            f"ein guter Kauf allein nur {fmt_pct(STUDY_RATES[(True, False)])}.")


def nps(cl: CustomerList | None) -> NpsResult | None:
    """Net Promoter Score of the list's "would recommend" column, None without that column."""
    if cl is None or not cl.has("recommend"):
        return None
    return net_promoter_score(cl.customers["recommend"].to_numpy(dtype=float))


# ---------------------------------------------------------------------------------- numbers shown

def score_shown(score: float) -> str:
    """A score as every edge shows it: one decimal, half up."""
    return fmt_num(score, SCORE_DECIMALS)
