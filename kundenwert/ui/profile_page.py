"""Page "Kundenprofil": one customer – ratings, contributions, flags, what would lift them a class."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import charts, report
from kundenwert import profile as prof
from kundenwert.dataset import CustomerList
from kundenwert.fmt import fmt_eur, fmt_num, plural
from kundenwert.scoring import ScoreResult
from kundenwert.ui import analysis, common, memo, orders_panel, state
from kundenwert.ui.session import widget_key

SELECT_LIMIT = 3000          # up to this many customers: one select box with built-in search
SEL_KEY = widget_key("profile_id")    # the chosen customer id (kept across page switches and re-scoring)
MIN_ORDER_KEY = widget_key("profile_min_order")
FLAG_STYLE = {"key_account": "success", "slow_payer": "warning", "low_order_revenue": "warning",
              "loss": "error", "incomplete": "info", "not_scorable": "error"}
FLAG_ICON = {"key_account": ":material/star:", "slow_payer": ":material/payments:",
             "low_order_revenue": ":material/shopping_cart:", "loss": ":material/trending_down:",
             "incomplete": ":material/help:", "not_scorable": ":material/block:"}


def _option_order(result: ScoreResult) -> np.ndarray:
    """Positions sorted by rank; not scorable customers last (by id)."""
    f = result.frame
    rank = pd.to_numeric(f["rank"], errors="coerce").to_numpy(dtype=float)
    return np.lexsort((f["id"].astype(str).to_numpy(), np.nan_to_num(rank, nan=np.inf)))


def option_labels(f: pd.DataFrame, positions: np.ndarray) -> list[str]:
    """"#3 · Name (Nr. K-1)" for the customers at `positions` ("–" instead of the rank when not scorable)."""
    rank = pd.to_numeric(f["rank"].iloc[positions], errors="coerce").to_numpy(dtype=float)
    names = f["name"].iloc[positions].to_numpy(dtype=object)
    ids = f["id"].iloc[positions].to_numpy(dtype=object)
    return [f"{'–' if np.isnan(r) else f'#{int(r)}'} · {name} (Nr. {id_})"
            for r, name, id_ in zip(rank, names, ids, strict=True)]


def _choices(result: ScoreResult) -> tuple[np.ndarray, dict[str, int], np.ndarray, list[str] | None,
                                           dict[str, str] | None]:
    """Ids, their positions, the option order by rank, and (up to SELECT_LIMIT customers) every label –
    once per (list, settings): a rerun for another widget does not build 3,000 labels again."""
    f = result.frame
    ids = f["id"].astype(str).to_numpy()
    order = _option_order(result)
    if len(f) > SELECT_LIMIT:
        return ids, {v: i for i, v in enumerate(ids)}, order, None, None
    options = ids[order].tolist()
    return ids, {v: i for i, v in enumerate(ids)}, order, options, dict(zip(options, option_labels(f, order),
                                                                            strict=True))


def _pick(result: ScoreResult) -> int | None:
    """The customer to show (position in the list), chosen by select box or search + select box."""
    f = result.frame
    ids, pos_of, order, options, label_of = memo.memoised(widget_key("profile_choices"), lambda: _choices(result),
                                                          scenarios=(result.scenario,), size=1)
    chosen = st.session_state.get(SEL_KEY)
    if chosen not in pos_of:
        chosen = ids[order[0]]
    if options is None:
        query = st.text_input("Kunde suchen (Name oder Nr.)", key=widget_key("profile_query"),
                              placeholder="z. B. Müller oder K-10042",
                              help=f"Die Liste hat {fmt_num(len(f), 0)} Kunden – erst suchen, dann auswählen.")
        hits = prof.search_customers(f, query) if query.strip() else order[:50]
        if query.strip() and not len(hits):
            st.warning("Kein Kunde passt zu dieser Suche.")
        options = ids[hits].tolist()
        if chosen not in options:
            options = [chosen, *options]
        label_of = dict(zip(options, option_labels(f, np.array([pos_of[v] for v in options], dtype=np.int64)),
                            strict=True))
    st.session_state[widget_key("profile_pick")] = chosen
    st.selectbox("Kunde", options, key=widget_key("profile_pick"), format_func=lambda v: label_of.get(v, str(v)),
                 on_change=_remember, help="Tippen zum Suchen nach Name oder Nr.; sortiert nach Rang.")
    picked = st.session_state.get(widget_key("profile_pick"))
    return pos_of.get(picked)


def _remember() -> None:
    st.session_state[SEL_KEY] = st.session_state.get(widget_key("profile_pick"))


def _averages(cl: CustomerList, result: ScoreResult) -> dict[str, np.ndarray]:
    """Class and list averages per criterion, once per (list, settings) in the session."""
    return memo.memoised(widget_key("profile_avgs"), lambda: prof.averages(cl, result), scenarios=(result.scenario,), size=2)


def _min_order(result: ScoreResult) -> float | None:
    f = result.frame
    if "revenue" not in f.columns or "orders" not in f.columns:
        return None
    default = report.default_min_order_revenue(f)
    if default is None:
        return None
    if MIN_ORDER_KEY not in st.session_state:
        st.session_state[MIN_ORDER_KEY] = float(default)
    st.session_state[widget_key("profile_min_order_w")] = float(st.session_state[MIN_ORDER_KEY])

    def keep() -> None:
        st.session_state[MIN_ORDER_KEY] = float(st.session_state[widget_key("profile_min_order_w")])

    with st.expander("Einstellung für die Hinweise"):
        st.number_input("Mindestumsatz je Auftrag (€)", min_value=0.0, step=50.0, format="%.0f",
                        key=widget_key("profile_min_order_w"), on_change=keep,
                        help="Kunden mit weniger Umsatz je Auftrag werden markiert. Vorschlag: ein Viertel "
                             "des mittleren Umsatzes je Auftrag der Liste.")
    return float(st.session_state[MIN_ORDER_KEY])


def _headline(p: prof.CustomerProfile, pres: bool) -> None:
    st.subheader(common.escape_md(p.name))
    facts = [f"Nr. {common.escape_md(p.id)}", f"Excel-Zeile {p.row}"]
    if p.status:
        facts.append(charts.STATUS_SINGULAR.get(p.status, common.escape_md(p.status)))
    analysis.technical(" · ".join(facts))
    cols = [*st.columns(3), *st.columns(3)]     # two rows: "1 von 248" and "563.767 €" stay whole
    cols[0].metric(common.class_badge(p.klass, "Klasse") if p.klass else "Klasse", p.klass or "–",
                   help=None if p.klass else "nicht bewertbar – keine Klasse")
    cols[1].metric("Rang", f"{fmt_num(p.rank, 0)} von {fmt_num(p.scored_count, 0)}" if p.rank else "–")
    cols[2].metric("Score", fmt_num(p.score, 1) if p.scorable else "–", help="0–10 Punkte")
    cols[3].metric("Kundenwert", fmt_eur(p.value_eur, 0) if p.scorable else "–", help="Score × € je Punkt")
    cols[4].metric("CLV", fmt_eur(p.clv, 0) if p.clv is not None else "–",
                   help="Kundenlebenswert = Deckungsbeitrag × r / (1 + d − r); nicht Teil des Scores."
                   if p.clv is not None else "Braucht eine Spalte „Deckungsbeitrag (€)“.")
    money = []
    if p.revenue is not None:
        money.append(f"Umsatz {fmt_eur(p.revenue, 0)}")
    if p.margin is not None:
        money.append(f"Deckungsbeitrag {fmt_eur(p.margin, 0)}")
    if p.orders is not None:
        money.append(plural(p.orders, "Auftrag", "Aufträge"))
    if p.recommend is not None:
        money.append(f"Weiterempfehlung {fmt_num(p.recommend, 0)}/10")
    if money:
        st.markdown(" · ".join(money))


def _flags(p: prof.CustomerProfile) -> None:
    if not p.flags:
        # say only what was checked: a list without payment rating or margin cannot rule those out
        checked = []
        if any(c.key == "payment_behaviour" and not c.missing for c in p.criteria):
            checked.append("kein langsamer Zahler")
        if p.margin is not None:
            checked.append("kein Verlust")
        checked.append("alle Bewertungen vorhanden")
        st.success(f"Keine Auffälligkeiten: {', '.join(checked)}.", icon=":material/check_circle:")
        return
    for flag in p.flags:
        show = getattr(st, FLAG_STYLE.get(flag.key, "info"))
        show(f"**{flag.label}** – {common.escape_md(flag.detail)}", icon=FLAG_ICON.get(flag.key))


def criteria_table(p: prof.CustomerProfile) -> pd.DataFrame:
    def num(v: float, d: int = 1) -> str:
        return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt_num(v, d)

    return pd.DataFrame({
        "Kriterium": [common.escape_md(c.label) for c in p.criteria],
        "Bewertung": [num(c.rating) if not c.missing else "fehlt" for c in p.criteria],
        "Richtung": ["hoch = schlecht (10 − x)" if c.reversed else "hoch = gut" for c in p.criteria],
        "zählt als r'": [num(c.adjusted) for c in p.criteria],
        "Gewicht w": [num(c.weight) for c in p.criteria],
        "Beitrag": [num(c.contribution, 2) for c in p.criteria],
        f"Ø Klasse {p.klass}" if p.klass else "Ø Klasse": [num(c.class_avg) for c in p.criteria],
        "Ø Liste": [num(c.list_avg) for c in p.criteria],
    })


def _lift(p: prof.CustomerProfile) -> None:
    lift = p.lift
    title = f"Was hebt den Kunden in Klasse {lift.target}?" if lift.target else "Was den Score am meisten hebt"
    st.subheader(title)
    st.markdown(lift.note)
    if lift.gap is not None and lift.target:
        if lift.gap <= 0:
            st.success(f"Der Score reicht bereits für Klasse {lift.target}.")
        else:
            st.markdown(f"Es fehlen **{fmt_num(lift.gap, 2)} Punkte** im Score "
                        f"({fmt_num(p.score, 2)} → {fmt_num(lift.target_score, 2)}).")
    if lift.gains:
        top = lift.gains[:5]
        st.table(pd.DataFrame({
            "Kriterium": [common.escape_md(c.label) for c in top],
            "Bewertung jetzt": [fmt_num(c.rating, 1) for c in top],
            "ein Punkt besser": [fmt_num(max(0.0, c.rating - 1), 1) if c.reversed else fmt_num(min(10.0, c.rating + 1), 1)
                                 for c in top],
            "Score-Gewinn": [f"+{fmt_num(c.gain, 2)}" for c in top],
        }), hide_index=True)
        analysis.technical("Score-Gewinn = Gewicht × 1 Punkt / Summe der Gewichte der vorhandenen Kriterien (höchstens bis 10; "
                           "bei „hoch = schlecht“ heißt besser: niedriger).")
    if lift.plan:
        steps = ", ".join(f"{s.label} {fmt_num(s.rating_from, 1)} → {fmt_num(s.rating_to, 1)}" for s in lift.plan)
        if lift.reachable:
            st.info(f"Kürzester Weg (die am stärksten gewichteten Kriterien zuerst): {steps}.",
                    icon=":material/trending_up:")
        else:
            st.warning(f"Selbst mit {steps} reicht es nicht für Klasse {lift.target}: die Gewichte der "
                       "vorhandenen Kriterien lassen den nötigen Score nicht zu.")


def _body() -> None:
    result = common.require_result("das Kundenprofil")
    if result is None:
        return
    cl = state.current_list()
    pres = analysis.presentation()
    if result.frame.empty:
        st.warning(common.no_customers_text(result))
        return
    position = _pick(result)
    if position is None:
        st.info("Bitte einen Kunden auswählen.")
        return
    min_order = _min_order(result)
    p = prof.customer_profile(cl, result, position, avgs=_averages(cl, result), min_order_revenue=min_order)
    _headline(p, pres)
    orders_panel.render_profile(result.frame["id"].iloc[position])
    _flags(p)
    labels = [c.label for c in p.criteria]
    # the charts of one customer under one setting: built once (a rerun for another widget reuses them)
    radar = memo.memoised(widget_key("fig_profile_radar"), lambda: charts.radar_chart(
        labels, [c.adjusted for c in p.criteria], [c.class_avg for c in p.criteria] if p.klass else None,
        [c.list_avg for c in p.criteria], name=p.name, klass=p.klass, presentation=pres),
        scenarios=(result.scenario,), extra=(position, pres), size=2)
    if not p.scorable:
        analysis.chart(radar, key="profile_radar")
        st.error(f"Kein Score: {p.reason}")
        return
    contrib = memo.memoised(widget_key("fig_profile_contrib"), lambda: charts.contribution_chart(
        labels, [c.contribution for c in p.criteria], p.score, presentation=pres, klass=p.klass,
        missing=[c.missing for c in p.criteria]), scenarios=(result.scenario,), extra=(position, pres), size=2)
    if pres:
        analysis.chart(radar, key="profile_radar")
        analysis.chart(contrib, key="profile_contrib")
    else:
        left, right = st.columns(2)
        with left:
            analysis.chart(radar, key="profile_radar")
        with right:
            analysis.chart(contrib, key="profile_contrib")
    st.markdown(f"Summe der Beiträge: **{fmt_num(p.contribution_sum, 2)}** = Score **{fmt_num(p.score, 2)}**"
                + (f" (über {len(p.criteria) - p.missing} von {len(p.criteria)} Kriterien; fehlende zählen nicht "
                   "als 0)" if p.missing else ""))
    if not pres:
        with st.expander("Alle Kriterien im Detail"):
            st.table(criteria_table(p), hide_index=True)
            st.caption("Beitrag = w · r' / Σ w (Summe der Gewichte der vorhandenen Kriterien). "
                       "Die Beiträge ergeben zusammen den Score.")
    _lift(p)


def render() -> None:
    analysis.page("Kundenprofil", ":material/person:", _body)
