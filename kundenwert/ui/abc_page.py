"""Page "ABC-Analyse": which class each customer falls in, and what the classes hold."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts, report
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, plural
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.ui import analysis, common, memo
from kundenwert.ui.session import widget_key

LIST_LIMIT = 1000
BASIS_LABELS = report.BASIS_LABELS
TAB_LABELS = {"A": "Klasse A", "B": "Klasse B", "C": "Klasse C"}


def method_sentence(result: ScoreResult) -> str:
    """One sentence: which class method is active and what it means, with the current thresholds."""
    s = result.scenario
    return f"Aktive Methode: **{report.class_method_label(s.class_method)}**. {report.class_rule_text(s)}"


def class_kpis(result: ScoreResult) -> pd.DataFrame:
    """Per class: customers, their share, value and its share, revenue and its share, average score."""
    return report.class_summary(result)


def _kpi_columns(kpis: pd.DataFrame) -> None:
    cols = st.columns(3)
    for col, row in zip(cols, kpis.to_dict("records"), strict=True):
        with col, st.container(border=True):
            st.metric(common.class_badge(row["class"], f"Klasse {row['class']}") + " · Kunden",
                      fmt_num(row["customers"], 0),
                      delta=f"{fmt_pct(row['share_customers'])} der Kunden", delta_color="off", delta_arrow="off")
            lines = [f"**{fmt_pct(row['share_value'])}** des Kundenwerts ({fmt_eur(row['value'], 0)})"]
            if "share_revenue" in row:
                lines.append(f"**{fmt_pct(row['share_revenue'])}** des Umsatzes ({fmt_eur(row['revenue'], 0)})")
            lines.append(f"Ø Score {fmt_num(row['avg_score'])}")
            st.markdown("  \n".join(lines))


def _kpi_table(kpis: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "Klasse": [f"Klasse {c}" for c in kpis["class"]],
        "Kunden": [fmt_num(v, 0) for v in kpis["customers"]],
        "Anteil Kunden": [fmt_pct(v, 1) for v in kpis["share_customers"]],
        "Kundenwert": [fmt_eur(v, 0) for v in kpis["value"]],
        "Anteil Wert": [fmt_pct(v, 1) for v in kpis["share_value"]],
    })
    if "share_revenue" in kpis.columns:
        out["Umsatz"] = [fmt_eur(v, 0) for v in kpis["revenue"]]
        out["Anteil Umsatz"] = [fmt_pct(v, 1) for v in kpis["share_revenue"]]
    out["Ø Score"] = [fmt_num(v) for v in kpis["avg_score"]]
    return out


def customer_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of a class list: numbers stay numbers (sorting works), shown German via a Styler."""
    cols = {"rank": "Rang", "id": "Kunden-Nr.", "name": "Kunde", "score": "Score", "value_eur": "Kundenwert (€)"}
    for key, label in (("revenue", "Umsatz (€)"), ("margin", "Deckungsbeitrag (€)"), ("clv", "CLV (€)")):
        if key in frame.columns and frame[key].notna().any():
            cols[key] = label
    out = frame[list(cols)].rename(columns=cols).reset_index(drop=True)
    out["Rang"] = out["Rang"].astype("int64")
    out["Kunden-Nr."] = out["Kunden-Nr."].astype(str)
    out["Kunde"] = out["Kunde"].astype(str)
    for label in cols.values():
        if label.endswith("(€)") or label == "Score":
            out[label] = out[label].astype(float)
    if "status" in frame.columns and frame["status"].notna().any():
        out["Status"] = [charts.STATUS_SINGULAR.get(str(v), "" if v is None or pd.isna(v) else str(v))
                         for v in frame["status"]]
    out["Vollständig"] = [f"⚠ {plural(m, 'fehlt', 'fehlen')}" if inc else "✓"
                          for m, inc in zip(frame["missing"], frame["incomplete"], strict=True)]
    return out


def styled(table: pd.DataFrame):
    fmt = {c: (lambda v: fmt_eur(v, 0)) for c in table.columns if c.endswith("(€)")}
    fmt["Score"] = lambda v: fmt_num(v, 1)
    return table.style.format(fmt, na_rep="–")


COLUMN_CONFIG = {
    "Rang": st.column_config.NumberColumn(format="%d", width="small"),
    "Kunden-Nr.": st.column_config.TextColumn(width="small"),
    "Kunde": st.column_config.TextColumn(width="medium"),
    "Score": st.column_config.NumberColumn(width="small", help="0–10 Punkte"),
}


def not_scorable_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Excel-Zeile": frame["row"].astype(int).to_numpy(),
                         "Kunden-Nr.": frame["id"].astype(str).to_numpy(),
                         "Kunde": frame["name"].astype(str).to_numpy(),
                         "Grund": frame["reason"].astype(str).to_numpy()})


@st.fragment
def _lists(result: ScoreResult) -> None:
    """One tab per class; only the open tab is built (a large list stays quick on every slider move).
    A fragment: switching the tab reruns only the lists, not the page with its four charts."""
    ranked = result.ranking()
    counts = result.class_counts()
    not_scorable = result.not_scorable
    labels = [TAB_LABELS[c] for c in CLASSES]
    if len(not_scorable):
        labels.append("Nicht bewertbar")
    tabs = st.tabs(labels, key="abc_tabs", on_change="rerun")
    for tab, c in zip(tabs, CLASSES, strict=False):
        if tab.open is False:
            continue
        with tab:
            part = ranked[ranked["class"] == c]
            if part.empty:
                st.info(f"Keine Kunden in Klasse {c} – die Schwellen in der Seitenleiste anpassen.")
                continue
            note = f"{plural(counts[c], 'Kunde', 'Kunden')} in Klasse {c}, nach Rang."
            if len(part) > LIST_LIMIT:
                note += (f" Gezeigt werden die ersten {fmt_num(LIST_LIMIT, 0)}; die ganze Liste gibt es als "
                         "Excel-Download auf der Seite „Gewichtung & Ranking“.")
                part = part.head(LIST_LIMIT)
            st.caption(note)
            table = customer_table(part)
            st.dataframe(styled(table), hide_index=True, column_config=COLUMN_CONFIG, key=f"abc_list_{c}",
                         height=min(420, 38 + 35 * len(table)))
    if len(not_scorable) and tabs[-1].open is not False:
        with tabs[-1]:
            st.caption(f"{plural(len(not_scorable), 'Kunde', 'Kunden')} mit zu vielen fehlenden Bewertungen: kein "
                       "Score, keine Klasse.")
            st.dataframe(not_scorable_table(not_scorable), hide_index=True, key="abc_list_none")


def _figure(name: str, result: ScoreResult, extra: object, build):
    """A chart of this page, built once per (list, settings, `extra`): reruns that do not change the
    result (the Pareto basis, presentation mode, a rerun for another widget) reuse it."""
    return memo.memoised(widget_key("fig_abc", name), build, scenarios=(result.scenario,), extra=extra, size=2)


def _body() -> None:
    result = common.require_result("die ABC-Analyse")
    if result is None:
        return
    pres = analysis.presentation()
    s = result.scenario
    st.info(method_sentence(result) + "  \nMethode und Schwellen stellen Sie in der Seitenleiste unter "
            "„A/B/C-Klassen“ ein.", icon=":material/tune:")
    empty = common.no_customers_text(result, "unten")
    if empty:
        st.warning(empty + " Es gibt nichts einzuteilen.")
        if len(result.not_scorable):
            st.subheader("Nicht bewertbar")
            st.dataframe(not_scorable_table(result.not_scorable), hide_index=True, key="abc_list_none")
        return
    kpis = memo.memoised(widget_key("abc_kpis"), lambda: class_kpis(result), scenarios=(s,), size=2)
    _kpi_columns(kpis)
    if not pres:
        with st.expander("Kennzahlen je Klasse als Tabelle"):
            st.table(_kpi_table(kpis), hide_index=True)
    analysis.chart(_figure("shares", result, pres, lambda: charts.class_shares_chart(kpis, presentation=pres)),
                   key="abc_shares")

    st.subheader("Pareto-Kurve")
    bases = [b for b in BASIS_LABELS if b == "value_eur" or (b in result.frame.columns
                                                            and result.frame[b].notna().any())]
    default = s.pareto_basis if s.class_method == "pareto" and s.pareto_basis in bases else "value_eur"
    basis = default
    if len(bases) > 1:
        choice = st.segmented_control("Kurve nach", bases, default=default, format_func=BASIS_LABELS.get,
                                      key=f"abc_basis_{default}")
        basis = choice or default
    analysis.chart(_figure("lorenz", result, (basis, pres), lambda: charts.lorenz_curve(
        result.frame, basis, class_method=s.class_method, thresholds=s.thresholds, presentation=pres)), key="abc_lorenz")
    if not pres:
        st.caption("Lesebeispiel: Ein Punkt bei 20 % / 60 % heißt, die besten 20 % der Kunden halten 60 % "
                   "des Werts. Je weiter die Kurve über der Diagonale liegt, desto ungleicher ist der Wert verteilt.")

    st.subheader("Verteilung der Scores")
    analysis.chart(_figure("hist", result, pres, lambda: charts.score_histogram(
        result.frame, class_method=s.class_method, thresholds=s.thresholds, presentation=pres)), key="abc_hist")

    st.subheader("Score und Umsatz")
    if "revenue" not in result.frame.columns or not result.frame["revenue"].notna().any():
        st.caption("Die Liste hat keine Umsatzspalte – gezeigt wird der Kundenwert in €.")
    analysis.chart(_figure("bubble", result, pres, lambda: charts.score_revenue_bubble(result.frame, presentation=pres)),
                   key="abc_bubble")

    st.subheader("Kunden je Klasse")
    _lists(result)


def render() -> None:
    analysis.page("ABC-Analyse", ":material/stacked_bar_chart:", _body)
