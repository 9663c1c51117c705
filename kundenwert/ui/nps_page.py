"""Page "Kundenstimme (NPS)": Net Promoter Score, its three groups, per class and per status."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kundenwert import charts, charts_surveys
from kundenwert.fmt import fmt_num, fmt_pct, plural
from kundenwert.nps import NpsResult, net_promoter_score
from kundenwert.ui import analysis, common, memo, state
from kundenwert.ui.session import widget_key


def signed(value: float | None) -> str:
    if value is None:
        return "–"
    text = fmt_num(value, 0)
    return "+" + text if round(value) > 0 else text.replace("-", "−")


def reading(res: NpsResult, customers: int) -> str:
    n = res.respondents
    p, d = res.promoters / n, res.detractors / n
    text = (f"{fmt_num(n, 0)} von {fmt_num(customers, 0)} Kunden {'hat' if n == 1 else 'haben'} die Frage „Würden Sie "
            "uns weiterempfehlen?“ "
            f"beantwortet. {fmt_pct(p)} würden uns sicher empfehlen (Promotoren, 9–10 Punkte), {fmt_pct(d)} eher "
            f"nicht (Kritiker, 0–6). NPS = {fmt_num(p * 100, 1)} − {fmt_num(d * 100, 1)} = **{signed(res.nps)}**.")
    if res.nps is not None:
        if res.nps > 30:
            text += " Ein deutlich positiver Wert: die Fürsprecher überwiegen klar."
        elif res.nps > 0:
            text += " Positiv: es gibt mehr Fürsprecher als Kritiker."
        elif res.nps == 0:
            text += " Fürsprecher und Kritiker halten sich die Waage."
        else:
            text += " Negativ: die Kritiker überwiegen – hier lohnt ein Blick auf die Gründe."
    return text


def group_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    t = charts_surveys.nps_by_group(frame, by)
    t = t[t["respondents"] > 0]
    return pd.DataFrame({
        "Gruppe": [f"Klasse {g}" if by == "class" else charts.STATUS_LABELS.get(str(g), common.escape_md(g))
                   for g in t["group"]],
        "Antworten": [fmt_num(v, 0) for v in t["respondents"]],
        "Promotoren": [fmt_pct(p / n) for p, n in zip(t["promoters"], t["respondents"], strict=True)],
        "Passive": [fmt_pct(p / n) for p, n in zip(t["passives"], t["respondents"], strict=True)],
        "Kritiker": [fmt_pct(p / n) for p, n in zip(t["detractors"], t["respondents"], strict=True)],
        "NPS": [signed(v) for v in t["nps"]],
    })


def _body() -> None:
    if not common.require_data():
        return
    cl = state.current_list()
    # the NPS needs no ratings; the split by class does (then the scored frame carries the class)
    result = state.current_result() if common.has_ratings(cl) else None
    pres = analysis.presentation()
    f = result.frame if result is not None else cl.customers
    empty = common.empty_list_text(cl)
    if empty:
        st.info(empty, icon=":material/info:")
        return
    if "recommend" in cl.mapping.values() and not cl.has("recommend"):
        st.info("Die Spalte **„Weiterempfehlung (0–10)“** ist da, enthält aber noch keine Antwort – der NPS "
                "entsteht, sobald Werte von 0 bis 10 eingetragen sind.", icon=":material/record_voice_over:")
        return
    if "recommend" not in f.columns or not f["recommend"].notna().any():
        st.info("Für die Kundenstimme braucht die Liste eine Spalte **„Weiterempfehlung (0–10)“** – die Antwort "
                "auf „Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?“ (0 = gar nicht, 10 = sicher). "
                "Eine vorhandene Spalte lässt sich auf der Seite **Start / Daten** in der Spaltenzuordnung als "
                "„Weiterempfehlung (0-10, NPS)“ zuordnen.", icon=":material/record_voice_over:")
        return
    res = memo.memoised(widget_key("nps"), lambda: net_promoter_score(f["recommend"].to_numpy(dtype=float)))  # no weights in it
    n = res.respondents
    cols = st.columns(4)
    cols[0].metric("Net Promoter Score", signed(res.nps), help="% Promotoren − % Kritiker, von −100 bis +100")
    cols[1].metric("Promotoren (9–10)", fmt_pct(res.promoters / n), delta=plural(res.promoters, "Kunde", "Kunden"),
                   delta_color="off", delta_arrow="off")
    cols[2].metric("Passive (7–8)", fmt_pct(res.passives / n), delta=plural(res.passives, "Kunde", "Kunden"),
                   delta_color="off", delta_arrow="off")
    cols[3].metric("Kritiker (0–6)", fmt_pct(res.detractors / n), delta=plural(res.detractors, "Kunde", "Kunden"),
                   delta_color="off", delta_arrow="off")
    st.markdown(reading(res, len(f)))
    analysis.chart(memo.memoised(widget_key("fig_nps_groups"), lambda: charts_surveys.nps_groups_chart(res, presentation=pres),
                                 extra=(pres,), size=2), key="nps_groups")

    st.subheader("NPS je Klasse")
    scored = f[f["class"] != ""] if result is not None else f.iloc[0:0]
    if not common.has_ratings(cl):
        st.info(f"{common.NO_RATINGS} – ohne Score gibt es keine A/B/C-Klassen, nach denen sich der NPS aufteilen "
                "ließe. Wie Bewertungen dazukommen, steht auf der Seite **Gewichtung & Ranking**.",
                icon=":material/info:")
    elif result is None:
        st.info(f"Ohne Bewertung keine Klassen: {state.scenario_error() or 'die Einstellungen sind nicht nutzbar.'}")
    elif scored.empty:
        st.info("Kein Kunde ist bewertet – ohne bewertete Kunden gibt es keine Klassen.")
    else:
        analysis.chart(memo.memoised(widget_key("fig_nps_class"), lambda: charts_surveys.nps_by_chart(scored, "class", presentation=pres),
                                     scenarios=(result.scenario,), extra=(pres,), size=2), key="nps_by_class")
        if not pres:
            st.table(group_table(scored, "class"), hide_index=True)

    st.subheader("NPS nach Status (Neu- / Bestandskunden)")
    if "status" not in f.columns or not f["status"].notna().any():
        st.info("Die Liste hat keine Spalte „Status“ (Neukunde / Bestandskunde) – ohne sie lässt sich der NPS nicht "
                "nach Status vergleichen.")
    else:
        analysis.chart(memo.memoised(widget_key("fig_nps_status"), lambda: charts_surveys.nps_by_chart(f, "status", presentation=pres),
                                     extra=(pres,), size=2), key="nps_by_status")
        if not pres:
            st.table(memo.memoised(widget_key("nps_status_table"), lambda: group_table(f, "status")), hide_index=True)
        analysis.technical("Neu- und Bestandskunden werden verglichen, nicht bewertet: beide gehen gleich in den "
                           "Score ein.")


def render() -> None:
    analysis.page("Kundenstimme (NPS)", ":material/record_voice_over:", _body)
