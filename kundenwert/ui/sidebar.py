"""The sidebar of every analysis page: weights, directions, presets, € per point, classes, view.

Widget values live in `state`'s own settings keys. Each widget is seeded from them before it is
created and writes back in its `on_change` callback, so values survive page switches (Streamlit drops
the state of widgets a page does not render) and presets can set every slider at once.
"""

from __future__ import annotations

import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERIA_BY_KEY, CUSTOM_PREFIX, label_de
from kundenwert.fmt import fmt_eur, fmt_num, plural
from kundenwert.scenario import (
    CLASS_METHOD_LABELS,
    CLASS_METHODS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    WEIGHT_STEP,
)
from kundenwert.ui import common, scenarios, state, urlstate
from kundenwert.ui.common import escape_md

PRESET_LABELS = {
    "balanced": "Ausgewogen",
    "profit": "Gewinn zuerst",
    "loyalty": "Treue & Empfehlung",
    "risk": "Risiko",
}
PRESET_HELP = {
    "balanced": "Alle Kriterien gleich gewichtet (je 5).",
    "profit": "Deckungsbeitrag, Kaufhistorie, Zahlungsmentalität und Bonität hoch gewichtet.",
    "loyalty": "Empfehlungswert, Kaufhistorie, Sympathie- und Imagefaktor hoch gewichtet.",
    "risk": "Bonität, Zahlungsmentalität, Reklamationen und Betreuungsaufwand hoch gewichtet.",
}
METHOD_HELP = {m: report.class_rule_generic(m) for m in CLASS_METHODS}
BASIS_LABELS = {"value_eur": "Kundenwert (€)", "revenue": "Umsatz (€)", "margin": "Deckungsbeitrag (€)"}


def weight_key(criterion: str) -> str:
    return f"kw_w_{criterion}"


def direction_key(criterion: str) -> str:
    return f"kw_d_{criterion}"


def criterion_label(key: str) -> str:
    """Plain label (own criteria carry the user's header: escape it before Markdown / widget labels)."""
    label = label_de(key)
    return f"{label} (eigenes)" if key.startswith(CUSTOM_PREFIX) else label


def criterion_help(key: str) -> str:
    if key in CRITERIA_BY_KEY:
        return CRITERIA_BY_KEY[key].question_de
    return "Eigenes Kriterium aus Ihrer Liste (Werte 0–10)."


def _seed(key: str, value: object) -> None:
    """Give a widget its stored value before it is created (allowed: it is not rendered yet)."""
    st.session_state[key] = value


# --------------------------------------------------------------------------------- callbacks

def _on_weight(criterion: str) -> None:
    state.set_weight(criterion, st.session_state[weight_key(criterion)])


def _on_direction(criterion: str) -> None:
    state.set_reversed(criterion, st.session_state[direction_key(criterion)])


def _on_preset() -> None:
    name = st.session_state.get("kw_preset")
    if name:                      # clicking the active preset again deselects it: nothing to do
        state.apply_preset(name)


def _copy(widget: str, setting: str, convert=None) -> None:
    value = st.session_state[widget]
    st.session_state[setting] = convert(value) if convert else value


def _on_method() -> None:
    state.set_class_method(st.session_state["kw_method"])


def _on_score_thresholds() -> None:
    b, a = st.session_state["kw_thr_score"]
    state.set_thresholds("score", a, b)


def _on_pareto_thresholds() -> None:
    a, b = st.session_state["kw_thr_pareto"]
    state.set_thresholds("pareto", a, b)


def _on_rank_thresholds() -> None:
    state.set_thresholds("rank", st.session_state["kw_thr_rank_a"], st.session_state["kw_thr_rank_b"])


# ------------------------------------------------------------------------------------ render

def render_view_toggle() -> None:
    """The presentation-mode switch (also on the start page)."""
    state.init_settings()
    _seed("kw_present", state.presentation_mode())
    st.toggle("Präsentationsmodus", key="kw_present", on_change=_copy, args=("kw_present", state.S_PRESENT),
              help="Größere Schrift für den Beamer, technische Details ausgeblendet.")


def render_sidebar(weights: bool = True) -> None:
    """Render the sidebar. `weights=False` shows only the view switch (start page).

    First the page URL and the settings are synchronised (`urlstate.sync`: a link's settings are taken
    at the start of a session, afterwards the URL follows the settings).
    """
    state.init_settings()
    urlstate.sync()
    with st.sidebar:
        common.render_nav()
        render_active_list()
        render_view_toggle()
        common.apply_style()
        if not weights:
            return
        if state.current_list() is not None and not common.has_ratings(state.current_list()):
            _render_no_ratings()
            return
        _render_weights()
        _render_money()
        _render_classes()


def active_list_line() -> str:
    """One line on every page: which list is active (file name, customer count) – or that none is."""
    cl, src = state.current_list(), state.current_source()
    if cl is None or src is None:
        return "Keine Liste geladen"
    return f"Liste: {src.label} · {plural(len(cl.customers), 'Kunde', 'Kunden')}"


def render_active_list() -> None:
    st.caption(escape_md(active_list_line()), help="Die Liste gilt für alle Seiten dieser Sitzung; sie wird nicht "
               "über Links geteilt und nach dem Neuladen der Seite nicht behalten.")


def _render_no_ratings() -> None:
    """A list without rating columns: no weights, € or classes to set – say so instead of dead sliders."""
    st.header("Gewichtung")
    st.caption("Die geladene Liste hat keine Bewertungsspalten (0–10): es gibt nichts zu gewichten. Gewichte, "
               "€ je Punkt und A/B/C-Klassen erscheinen hier, sobald die Liste Bewertungen hat.")


def _render_weights() -> None:
    criteria = state.active_criteria()
    st.header("Gewichtung")
    if state.current_list() is None:
        st.caption("Noch keine Liste geladen – die Regler gelten, sobald Daten da sind.")
    scenario = state.current_scenario()
    st.caption(f"Aktiv: **{escape_md(scenario.name)}** · nur die Verhältnisse der Gewichte zählen.")
    active = state.matching_preset_key()
    _seed("kw_preset", active)
    st.pills("Voreinstellungen", list(PRESET_LABELS), key="kw_preset", format_func=PRESET_LABELS.get,
             on_change=_on_preset,
             help="Setzt alle Gewichte und Richtungen auf eine Voreinstellung:  \n"
                  + "  \n".join(f"**{PRESET_LABELS[k]}**: {PRESET_HELP[k]}" for k in PRESET_LABELS))
    if not state.presentation_mode():
        with st.expander("Eigene Szenarien", icon=":material/bookmarks:"):
            scenarios.render_manager()
    elif state.saved_scenarios():
        scenarios.render_saved_picker()
    for key in criteria:
        arrow = "  ↓" if state.is_reversed(key) else ""
        _seed(weight_key(key), state.weight(key))
        st.slider(f"{escape_md(criterion_label(key))}{arrow}", min_value=WEIGHT_MIN, max_value=WEIGHT_MAX, step=WEIGHT_STEP,
                  key=weight_key(key), format="%.1f", help=criterion_help(key), on_change=_on_weight, args=(key,))
    with st.expander("Richtung je Kriterium (↓ = hoch ist schlecht)"):
        st.caption("Eingeschaltet: ein hoher Wert ist schlecht und zählt als 10 − Wert.")
        for key in criteria:
            _seed(direction_key(key), state.is_reversed(key))
            st.toggle(f"{escape_md(criterion_label(key))}: hoch ist schlecht", key=direction_key(key),
                      on_change=_on_direction, args=(key,))


def _render_money() -> None:
    st.header("Kundenwert in €")
    _seed("kw_epp_auto", bool(st.session_state[state.S_EPP_AUTO]))
    auto = st.toggle("€ je Punkt automatisch", key="kw_epp_auto", on_change=_copy,
                     args=("kw_epp_auto", state.S_EPP_AUTO),
                     help="Automatisch: so, dass die Kundenwerte zusammen den Deckungsbeitrag (€) aller "
                          "bewerteten Kunden ergeben; ohne Deckungsbeitragsspalte 100 € je Punkt.")
    if not auto:
        _seed("kw_epp", float(st.session_state[state.S_EPP]))
        st.number_input("€ je Score-Punkt", min_value=0.0, max_value=1e12, step=10.0, format="%.2f",
                        key="kw_epp", on_change=_copy, args=("kw_epp", state.S_EPP, float))
    result = state.current_result()
    if result is not None:
        source = {"margin": "aus dem Deckungsbeitrag", "default": "Standardwert", "user": "eigene Angabe"}
        st.caption(f"{fmt_eur(result.euro_per_point)} je Punkt ({source.get(result.euro_per_point_source, '')})")
    cl = state.current_list()
    if cl is not None and cl.has("margin"):
        with st.expander("Kundenlebenswert (CLV)"):
            _seed("kw_retention", float(st.session_state[state.S_RETENTION]))
            st.slider("Bindungsrate r", 0.0, 0.99, step=0.01, key="kw_retention", on_change=_copy,
                      args=("kw_retention", state.S_RETENTION),
                      help="Anteil der Kunden, die im Folgejahr bleiben.")
            _seed("kw_discount", float(st.session_state[state.S_DISCOUNT]))
            st.slider("Diskontsatz d", 0.0, 0.5, step=0.01, key="kw_discount", on_change=_copy,
                      args=("kw_discount", state.S_DISCOUNT))
            st.caption("CLV = Deckungsbeitrag × r / (1 + d − r)")


def _render_classes() -> None:
    st.header("A/B/C-Klassen")
    method = state.class_method()
    _seed("kw_method", method)
    st.selectbox("Methode", CLASS_METHODS, key="kw_method", format_func=CLASS_METHOD_LABELS.get,
                 on_change=_on_method)
    st.caption(METHOD_HELP[method])
    a, b = state.thresholds(method)
    if method == "score":
        _seed("kw_thr_score", (float(b), float(a)))
        st.slider("B ab … / A ab … (Score)", 0.0, 10.0, step=0.5, key="kw_thr_score", format="%.1f",
                  on_change=_on_score_thresholds, help="Linker Griff: B-Schwelle, rechter Griff: A-Schwelle.")
        st.caption(f"A: Score ≥ {fmt_num(a)} · B: ≥ {fmt_num(b)} · C: darunter")
    elif method == "pareto":
        cl = state.current_list()
        bases = [k for k in BASIS_LABELS if k == "value_eur" or (cl is not None and cl.has(k))]
        if st.session_state[state.S_BASIS] not in bases:
            st.session_state[state.S_BASIS] = "value_eur"
        _seed("kw_basis", st.session_state[state.S_BASIS])
        st.selectbox("Wertbasis", bases, key="kw_basis", format_func=BASIS_LABELS.get, on_change=_copy,
                     args=("kw_basis", state.S_BASIS))
        _seed("kw_thr_pareto", (float(a), float(b)))
        st.slider("A bis … / B bis … (% des Werts)", 1.0, 100.0, step=1.0, key="kw_thr_pareto", format="%.0f %%",
                  on_change=_on_pareto_thresholds)
        st.caption(f"A: die Kunden mit den ersten {fmt_num(a, 0)} % des Werts · B: bis {fmt_num(b, 0)} % · C: Rest")
    else:
        _seed("kw_thr_rank_a", float(a))
        _seed("kw_thr_rank_b", float(b))
        st.number_input("A: beste … % der Kunden", 0.0, 100.0, step=5.0, key="kw_thr_rank_a",
                        on_change=_on_rank_thresholds)
        st.number_input("B: nächste … % der Kunden", 0.0, 100.0, step=5.0, key="kw_thr_rank_b",
                        on_change=_on_rank_thresholds)
