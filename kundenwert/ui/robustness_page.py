"""Page "Robustheit": how stable is each customer's class when the weights are uncertain?

All weights are varied at random (± spread, at least 1,000 draws, `kundenwert.robustness`); per
customer the page shows the share of draws that keep its class, the fragile customers, and per
criterion how much the A list depends on it. The result is kept in the session per
(list, settings, spread, draws), so switching pages does not lose it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import charts_scenarios
from kundenwert.fmt import fmt_num, fmt_pct, plural
from kundenwert.links import (  # the page's bounds are the link's (one home)
    DRAWS_DEFAULT,
    DRAWS_MAX,
    DRAWS_MIN,
    DRAWS_STEP,
    SPREAD_DEFAULT,
    SPREAD_MAX,
    SPREAD_MIN,
    SPREAD_STEP,
)
from kundenwert.robustness import FRAGILE_BELOW, RobustnessResult, robustness
from kundenwert.ui import analysis, common, memo, session, sidebar, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.session import widget_key

TITLE = "Robustheit"
SAFE_FROM = 0.95
LIST_LIMIT = 500
K_RESULTS = widget_key("rob_results")       # memo slot of the last few analyses (kundenwert.ui.memo)
S_SPREAD, S_DRAWS = "rob_spread", "rob_draws"     # fields of session.ViewSettings (kept across pages)
MEMO = 3


def link_inputs() -> tuple[int | None, int | None]:
    """Spread and draws for the URL (None until set; `kundenwert.links` leaves defaults out)."""
    return session.view.get(S_SPREAD), session.view.get(S_DRAWS)


def apply_link_inputs(spread: int | None, draws: int | None) -> None:
    """Take a link's spread and draws (already validated by `kundenwert.links`)."""
    if spread is not None:
        session.view[S_SPREAD] = int(spread)
    if draws is not None:
        session.view[S_DRAWS] = int(draws)


def cached(spread: int, draws: int) -> RobustnessResult | None:
    """The analysis for the current list, settings, spread and draws, if it has been run."""
    return memo.peek(K_RESULTS, scenarios=(state.current_scenario(),), extra=(int(spread), int(draws)))


def run_analysis(spread: int, draws: int, progress=None) -> RobustnessResult:
    """robustness() on the current list and settings; remembered in the session (the last few)."""
    scenario = state.current_scenario()
    result = robustness(state.current_list(), scenario, draws=int(draws), spread=spread / 100, progress=progress)
    return memo.put(K_RESULTS, result, scenarios=(scenario,), extra=(int(spread), int(draws)), size=MEMO)


def corr_reading(corr: float | None) -> str:
    if corr is None or np.isnan(corr):
        return "–"
    if corr >= 0.3:
        return "stark: mehr Gewicht hält die A-Liste zusammen"
    if corr >= 0.1:
        return "mäßig: mehr Gewicht hält die A-Liste eher zusammen"
    if corr <= -0.3:
        return "stark gegenläufig: mehr Gewicht bringt andere Kunden nach A"
    if corr <= -0.1:
        return "gegenläufig: mehr Gewicht bringt eher andere Kunden nach A"
    return "kaum Einfluss"


LOST = "ohne es nicht mehr A"
CORR = "Zusammenhang r"


def criteria_table(res: RobustnessResult, a_count: int) -> pd.DataFrame:
    """Per criterion: weight, A customers lost without it (count and share of the A list), r, reading."""
    c = res.criteria
    lost = c["a_lost_without"].astype("Float64")
    return pd.DataFrame({
        "Kriterium": [sidebar.criterion_label(k) for k in c["criterion"]],
        "Gewicht": c["weight"].astype(float).to_numpy(),
        LOST: lost.astype("Int64").to_numpy(),
        "Anteil A-Liste": (lost / a_count if a_count else lost * np.nan).astype(float).to_numpy(),
        CORR: c["a_overlap_corr"].astype(float).to_numpy(),
        "Lesart": [corr_reading(v) for v in c["a_overlap_corr"]],
    })


def _styled_criteria(table: pd.DataFrame):
    return table.style.format({"Gewicht": lambda v: fmt_num(v, 1), LOST: lambda v: fmt_num(v, 0),
                               "Anteil A-Liste": lambda v: fmt_pct(v), CORR: lambda v: fmt_num(v, 2)}, na_rep="–")


def stability_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Rang": frame["rank"].astype("Int64").to_numpy(),
        "Klasse": [[c] if c else [] for c in frame["class"]],
        "Kunden-Nr.": frame["id"].astype(str).to_numpy(),
        "Kunde": frame["name"].astype(str).to_numpy(),
        "Score": frame["score"].astype(float).round(1).to_numpy(),
        "Klasse gehalten": (frame["kept"].astype(float) * 100).to_numpy(),
        "kippt meist nach": [f"Klasse {c}" if c else "–" for c in frame["top_other"]],
    })


def _styled_stability(table: pd.DataFrame):
    return table.style.format({"Score": lambda v: fmt_num(v, 1)}, na_rep="–")


def _stability_config() -> dict:
    return {
        "Rang": st.column_config.NumberColumn(format="%d", width="small"),
        "Klasse": common.class_column(width="small"),
        "Score": st.column_config.NumberColumn(width="small"),
        "Klasse gehalten": st.column_config.ProgressColumn(
            "Klasse gehalten", min_value=0.0, max_value=100.0, format="%.0f %%",
            help="Anteil der Ziehungen, in denen der Kunde seine heutige Klasse behält"),
    }


def _search(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    q = " ".join(query.split()).casefold()
    if not q:
        return frame
    hay = frame["id"].astype(str).str.casefold() + "\x00" + frame["name"].astype(str).str.casefold()
    return frame[hay.str.contains(q, regex=False)]


def _seeded_inputs() -> tuple[int, int, bool]:
    ss = st.session_state
    view = session.view
    view.setdefault(S_SPREAD, SPREAD_DEFAULT)
    view.setdefault(S_DRAWS, DRAWS_DEFAULT)
    ss[widget_key("rob_spread")] = int(view[S_SPREAD])
    ss[widget_key("rob_draws")] = int(min(max(int(view[S_DRAWS]), DRAWS_MIN), DRAWS_MAX))
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
    spread = c1.slider("Unsicherheit der Gewichte (± %)", SPREAD_MIN, SPREAD_MAX, step=SPREAD_STEP, key=widget_key("rob_spread"),
                       format="± %d %%", on_change=session.copy_widget, args=(widget_key("rob_spread"), S_SPREAD, int),
                       help="Jedes Gewicht wird in jeder Ziehung zufällig mit einem Faktor zwischen 1 − x und "
                            "1 + x multipliziert.")
    draws = c2.number_input("Ziehungen", DRAWS_MIN, DRAWS_MAX, step=DRAWS_STEP, key=widget_key("rob_draws"),
                            on_change=session.copy_widget, args=(widget_key("rob_draws"), S_DRAWS, int),
                            help="Wie oft neu gewichtet und klassifiziert wird (mindestens 1.000).")
    start = c3.button("Analyse starten", key=widget_key("rob_start"), type="primary", icon=":material/play_arrow:",
                      width="stretch")
    return int(spread), int(draws), start


def _render_result(res: RobustnessResult) -> None:
    stab = res.stability
    n = len(stab)
    kept = stab["kept"].to_numpy(dtype=float)
    fragile = res.fragile
    a_count = int((stab["class"] == "A").sum())
    c = st.columns(4)
    c[0].metric("Kunden bewertet", fmt_num(n, 0))
    c[1].metric(f"Klasse sicher (≥ {fmt_pct(SAFE_FROM)})", fmt_num(int((kept >= SAFE_FROM).sum()), 0),
                delta=f"{fmt_pct((kept >= SAFE_FROM).mean() if n else 0)} der Kunden", delta_color="off",
                delta_arrow="off")
    c[2].metric(f"Klasse fragil (< {fmt_pct(FRAGILE_BELOW)})", fmt_num(len(fragile), 0),
                delta=f"{fmt_pct(len(fragile) / n if n else 0)} der Kunden", delta_color="off", delta_arrow="off")
    overlap = res.a_overlap
    c[3].metric("A-Liste bleibt im Mittel", fmt_pct(float(overlap.mean()) if overlap.size else None),
                help=f"Anteil der heutigen A-Kunden, die in einer Ziehung A bleiben; in 9 von 10 Ziehungen "
                     f"mindestens {fmt_pct(float(np.quantile(overlap, 0.1)) if overlap.size else None)}.")
    common.technical(f"{fmt_num(res.draws, 0)} Ziehungen, Gewichte je ± {fmt_num(res.spread * 100, 0)} % variiert, "
                     "Klassenmethode und Schwellen wie in der Seitenleiste.")
    analysis.chart(charts_scenarios.stability_histogram(stab, fragile_below=FRAGILE_BELOW, presentation=analysis.presentation()),
                   key=widget_key("rob_hist"))

    st.subheader(f"Fragile Kunden ({fmt_num(len(fragile), 0)})")
    if fragile.empty:
        st.success(f"Kein Kunde ist fragil: alle behalten ihre Klasse in mindestens {fmt_pct(FRAGILE_BELOW)} der "
                   "Ziehungen.", icon=":material/verified:")
    else:
        st.markdown(f"Diese Kunden behalten ihre Klasse in weniger als {fmt_pct(FRAGILE_BELOW)} der Ziehungen: "
                    "ihre Einstufung hängt an der genauen Gewichtung – vor einer Entscheidung lohnt ein zweiter "
                    "Blick. „kippt meist nach“ nennt die Klasse, in die sie am häufigsten rutschen.")
        query = st.text_input("Suche nach Name oder Kunden-Nr.", key=widget_key("rob_query"), placeholder="z. B. Müller") \
            if len(fragile) > 20 else ""
        shown = _search(fragile, query)
        table = stability_table(shown.head(LIST_LIMIT))
        st.dataframe(_styled_stability(table), hide_index=True, width="stretch", key=widget_key("rob_fragile"),
                     height=min(35 * (len(table) + 1) + 3, 460), column_config=_stability_config())
        if len(shown) > LIST_LIMIT:
            st.caption(f"Die {fmt_num(LIST_LIMIT, 0)} unsichersten von {fmt_num(len(shown), 0)} gezeigt – die Suche "
                       "findet alle.")

    st.subheader("Wovon hängt die A-Liste ab?")
    st.markdown(
        "Zwei Blickwinkel je Kriterium: **ohne es** – wie viele der heutigen A-Kunden verlieren Klasse A, wenn "
        "das Kriterium gar nicht zählt (Gewicht 0)? Und **Zusammenhang (r)** – wenn das Gewicht in den Ziehungen "
        "zufällig steigt, bleibt dann mehr (r > 0) oder weniger (r < 0) von der heutigen A-Liste erhalten? "
        "Je größer beide Werte, desto mehr stützt sich die A-Liste auf dieses Kriterium.")
    labelled = res.criteria.assign(label=[sidebar.criterion_label(k) for k in res.criteria["criterion"]])
    analysis.chart(charts_scenarios.criteria_dependence_chart(labelled, a_count, presentation=analysis.presentation()),
                   key=widget_key("rob_criteria"))
    st.dataframe(_styled_criteria(criteria_table(res, a_count)), hide_index=True, width="stretch",
                 key=widget_key("rob_criteria_table"),
                 column_config={
                     LOST: st.column_config.NumberColumn(
                         help="Heutige A-Kunden, die Klasse A verlieren, wenn das Kriterium Gewicht 0 bekommt"),
                     CORR: st.column_config.NumberColumn(
                         help="Korrelation zwischen dem zufälligen Gewicht des Kriteriums und dem Anteil der "
                              "A-Liste, der erhalten bleibt (−1 bis +1)"),
                 })

    with st.expander(f"Alle {plural(n, 'Kunde', 'Kunden')} mit ihrer Stabilität" if n != 1
                     else "Der bewertete Kunde mit seiner Stabilität"):
        query = st.text_input("Suche", key=widget_key("rob_all_query"), placeholder="Name oder Kunden-Nr.")
        ordered = _search(stab.sort_values(["kept", "rank"], kind="stable"), query)
        st.dataframe(_styled_stability(stability_table(ordered.head(1000))), hide_index=True, width="stretch", key=widget_key("rob_all"),
                     column_config=_stability_config())
        if len(ordered) > 1000:
            st.caption(f"Die 1.000 unsichersten von {fmt_num(len(ordered), 0)} gezeigt – die Suche findet alle.")


def _body() -> None:
    result = common.require_result("die Robustheitsanalyse")
    if result is None:
        return
    empty = common.no_customers_text(result)
    if empty:
        st.info(empty + " Ohne bewertete Kunden gibt es keine Einstufung, deren Stabilität sich prüfen ließe.",
                icon=":material/info:")
        return
    st.markdown(
        "Wie sicher ist die Einteilung in A, B und C, wenn man die Gewichte nicht auf die Nachkommastelle "
        "festlegen kann? Die Analyse variiert **alle Gewichte zugleich zufällig** und klassifiziert die Liste "
        "jedes Mal neu. Ein Kunde, der seine Klasse fast immer behält, ist sicher eingestuft; einer, der oft "
        "wechselt, liegt knapp an einer Grenze.")
    n_scored = int(result.frame["scorable"].sum())
    st.caption(f"Szenario: {escape_md(result.scenario.name)} · {plural(n_scored, 'bewerteter Kunde', 'bewertete Kunden')}")
    spread, draws, start = _seeded_inputs()
    res = cached(spread, draws)
    if start:
        bar = st.progress(0.0, text="Ziehungen werden gerechnet …")

        def progress(share: float) -> None:
            bar.progress(min(max(share, 0.0), 1.0),
                         text=f"{fmt_num(share * draws, 0)} von {fmt_num(draws, 0)} Ziehungen gerechnet …")

        res = run_analysis(spread, draws, progress)
        bar.empty()
    if res is None:
        if memo.holds_any(K_RESULTS):
            st.info("Gewichtung, Klassen oder Unsicherheit haben sich seit der letzten Analyse geändert – bitte "
                    "die Analyse neu starten.",
                    icon=":material/refresh:")
        else:
            st.info("Stellen Sie die Unsicherheit ein und starten Sie die Analyse – bei 10.000 Kunden dauert sie "
                    "wenige Sekunden.", icon=":material/play_arrow:")
        return
    _render_result(res)


def render() -> None:
    analysis.page(TITLE, "🎲", _body)
