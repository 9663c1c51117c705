"""Page "Methode": the model explained for a seminar audience, with the current weights as an example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERIA, CRITERIA_BY_KEY, CUSTOM_PREFIX, label_de
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct
from kundenwert.scenario import DEFAULT_THRESHOLDS
from kundenwert.scoring import MIN_WEIGHT_SHARE, ScoreResult
from kundenwert.ui import analysis, common, orders_panel, state

EPP_SOURCES = {"margin": "aus dem Deckungsbeitrag", "default": "Standardwert", "user": "eigene Angabe"}


def criteria_table(cl: CustomerList | None) -> pd.DataFrame:
    """The catalogue (plus own criteria of the list) with question, direction and current weight; with a
    list loaded, whether the list has the criterion."""
    keys = [c.key for c in CRITERIA]
    if cl is not None:
        keys += [k for k in cl.criteria if k not in keys]
    rows = []
    for key in keys:
        c = CRITERIA_BY_KEY.get(key)
        reversed_ = state.is_reversed(key)
        rows.append({
            "Kriterium": common.escape_md(label_de(key)) + (" (eigenes)" if key.startswith(CUSTOM_PREFIX) else ""),
            "Die Frage dahinter": c.question_de if c else "Eigenes Kriterium aus der Liste (0–10).",
            "Richtung": "hoch = schlecht → zählt als 10 − Wert" if reversed_ else "hoch = gut",
            "Gewicht jetzt": fmt_num(state.weight(key), 1),
        })
        if cl is not None:
            rows[-1]["in der Liste"] = "ja" if key in cl.criteria else "nein"
    return pd.DataFrame(rows)


def example_terms(result: ScoreResult, position: int, ratings: np.ndarray) -> tuple[pd.DataFrame, float, float]:
    """Each term w·r' for one customer; returns the table, Σ w·r' and Σ w (present criteria).

    Cells are Markdown in st.table: criterion labels (own criteria come from the file) are escaped.
    """
    rows, total, weight_sum = [], 0.0, 0.0
    for j, key in enumerate(result.criteria):
        r = float(ratings[position, j])
        w = float(result.weights[j])
        rev = result.scenario.is_reversed(key)
        if np.isnan(r):
            rows.append({"Kriterium": common.escape_md(label_de(key)), "Bewertung r": "fehlt", "r'": "–", "Gewicht w": fmt_num(w),
                         "w · r'": "– (zählt nicht mit)"})
            continue
        adj = 10.0 - r if rev else r
        rows.append({"Kriterium": common.escape_md(label_de(key)), "Bewertung r": fmt_num(r),
                     "r'": f"10 − {fmt_num(r)} = {fmt_num(adj)}" if rev else fmt_num(adj),
                     "Gewicht w": fmt_num(w), "w · r'": fmt_num(w * adj, 2)})
        total += w * adj
        weight_sum += w
    rows.append({"Kriterium": "**Summe**", "Bewertung r": "", "r'": "", "Gewicht w": f"**{fmt_num(weight_sum)}**",
                 "w · r'": f"**{fmt_num(total, 2)}**"})
    return pd.DataFrame(rows), total, weight_sum


def _worked_example(result: ScoreResult) -> None:
    ranked = result.ranking()
    if ranked.empty:
        st.info(f"{common.no_customers_text(result)} Ohne einen bewerteten Kunden gibt es kein Rechenbeispiel.")
        return
    position = int(ranked.index[0])
    row = result.frame.iloc[position]
    cl = state.current_list()
    st.markdown(f"Der Kunde auf **Rang 1** mit den aktuellen Gewichten der Seitenleiste "
                f"(Szenario „{common.escape_md(result.scenario.name)}“): **{common.escape_md(row['name'])}** "
                f"(Nr. {common.escape_md(row['id'])}).")
    table, total, weight_sum = example_terms(result, position, cl.ratings)
    st.table(table, hide_index=True)
    score = total / weight_sum if weight_sum else float("nan")
    st.markdown(f"**Score** = Σ w·r' / Σ w = {fmt_num(total, 2)} / {fmt_num(weight_sum, 1)} = "
                f"**{fmt_num(score, 2)}** (die App rechnet genauso: {fmt_num(row['score'], 2)})")
    st.markdown(f"**Kundenwert** = Score × € je Punkt = {fmt_num(row['score'], 2)} × "
                f"{fmt_eur(result.euro_per_point)} = **{fmt_eur(row['value_eur'])}**")
    st.markdown(f"**Klasse**: {common.class_label(row['class'])} – {_class_reason(result, row)}")


def _class_reason(result: ScoreResult, row: pd.Series) -> str:
    s = result.scenario
    a, b = s.thresholds
    if s.class_method == "score":
        return f"Score {fmt_num(row['score'], 2)} ≥ A-Schwelle {fmt_num(a)}" if row["class"] == "A" else (
            f"Score {fmt_num(row['score'], 2)} liegt unter der A-Schwelle {fmt_num(a)}")
    if s.class_method == "rank":
        return f"Rang 1 gehört zu den besten {fmt_num(a, 0)} % der Kunden."
    return "der erste Kunde der Pareto-Reihenfolge hat niemanden vor sich (0 % des Werts)."


def study_table() -> pd.DataFrame:
    return report.study_table()


def classes_table(result: ScoreResult | None) -> pd.DataFrame:
    active = result.scenario.class_method if result is not None else state.class_method()
    rows = []
    for m in DEFAULT_THRESHOLDS:
        label = report.class_method_label(m)
        rows.append({"Methode": f"**{label}** ← aktiv" if m == active else label,
                     "Regel": report.class_rule_generic(m), "Standard": report.class_rule_defaults(m)})
    return pd.DataFrame(rows)


def _body() -> None:
    pres = analysis.presentation()
    result = state.current_result() if state.current_list() is not None else None
    st.markdown("Ein Kunde ist mehr wert als der Umsatz, den er bringt: auch **nicht-monetäre** Eigenschaften zählen "
                "– ob er pünktlich zahlt, uns weiterempfiehlt, als Referenz taugt oder viel Betreuung braucht. "
                "Jeder Kunde wird dafür auf zwölf Kriterien mit **0 bis 10 Punkten** bewertet.")

    st.header("1. Die zwölf Kriterien")
    st.table(criteria_table(state.current_list()), hide_index=True)
    st.caption("Bei „hoch = schlecht“ (z. B. Preissensibilität) zählt 10 − Bewertung, damit im Score immer gilt: "
               "mehr ist besser. Die Richtung lässt sich je Kriterium in der Seitenleiste umschalten.")

    st.header("2. Vom Punktwert zum Score")
    st.latex(r"\text{Score} = \frac{\sum_i w_i \cdot r'_i}{\sum_i w_i}"
             r"\qquad r'_i = \begin{cases} r_i & \text{hoch = gut} \\ 10 - r_i & \text{hoch = schlecht}\end{cases}")
    st.markdown(f"- **w** ist das Gewicht aus der Seitenleiste (0–10); nur die Verhältnisse zählen.\n"
                f"- Der Score liegt zwischen 0 und 10.\n"
                f"- Fehlt eine Bewertung, zählt sie **nicht als 0**: der Kunde wird über die vorhandenen Kriterien "
                f"bewertet (Summen nur über diese). Tragen die vorhandenen Kriterien weniger als "
                f"{fmt_pct(MIN_WEIGHT_SHARE)} des Gesamtgewichts, bekommt er keinen Score („nicht bewertbar“).\n"
                f"- Der Beitrag eines Kriteriums ist w · r' / Σ w – alle Beiträge zusammen ergeben den Score.")

    st.header("3. Rechenbeispiel mit den aktuellen Gewichten")
    if state.current_list() is None:
        st.info("Mit geladener Liste rechnet die App hier den besten Kunden Schritt für Schritt vor.")
        common.sample_button(key="method_sample_btn")
    elif not common.has_ratings(state.current_list()):
        common.no_ratings_notice("das Rechenbeispiel")
    elif result is None:
        st.error(state.scenario_error() or "Mit diesen Einstellungen ist keine Bewertung möglich.")
    else:
        _worked_example(result)

    st.header("4. Vom Score zum Kundenwert in €")
    epp = ""
    if result is not None:
        source = EPP_SOURCES.get(result.euro_per_point_source, "")
        epp = f" Aktuell: **{fmt_eur(result.euro_per_point)} je Punkt** ({source})."
    st.markdown("**Kundenwert (€) = Score × € je Punkt.** Hat die Liste eine Spalte „Deckungsbeitrag (€)“, wird "
                "der Satz so gewählt, dass die Kundenwerte zusammen den Deckungsbeitrag aller bewerteten Kunden "
                "ergeben; sonst gelten 100 € je Punkt. Der Satz lässt sich in der Seitenleiste frei setzen." + epp)
    st.markdown("**Kundenlebenswert (CLV)** = Deckungsbeitrag × r / (1 + d − r), mit Bindungsrate r (Standard 0,8) "
                "und Diskontsatz d (Standard 0,1) – eigene Spalte, nie in den Score gemischt.")

    orders_panel.render_method()
    st.header("5. A-, B- und C-Kunden")
    st.table(classes_table(result), hide_index=True)
    st.caption("Bei gleichem Wert entscheidet die Kunden-Nr. Nicht bewertbare Kunden bekommen keine Klasse.")

    st.header("6. Die After-Sales-Studie")
    st.markdown("Ein deutscher Premium-Autohersteller hat untersucht, wie oft Kunden beim selben Händler wieder "
                "kaufen – je nachdem, ob sie mit dem **Kauf** und mit dem **Service danach** zufrieden waren:")
    st.table(study_table(), hide_index=True)
    st.markdown("Die Lehre: Zufriedenheit mit dem Service nach dem Kauf bindet stärker als ein guter Kauf allein "
                "(45 % gegenüber 14 %). Die Seite **After-Sales-Matrix** vergleicht Ihre eigenen Kunden damit.")

    if not pres:
        st.header("7. Kundenstimme (NPS)")
        st.markdown("Net Promoter Score aus der Frage „Würden Sie uns weiterempfehlen?“ (0–10): Kritiker 0–6, "
                    "Passive 7–8, Promotoren 9–10; **NPS = % Promotoren − % Kritiker** (−100 bis +100).")


def render() -> None:
    analysis.page("Methode", ":material/school:", _body)
