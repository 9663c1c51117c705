"""The sidebar of every analysis page: weights, directions, presets, € per point, classes, view.

Widget values live in the session's one `ViewSettings` (`kundenwert.ui.session`). Each widget is seeded from them before it is
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
from kundenwert.ui import common, lang, scenario_flow, session, state, urlstate
from kundenwert.ui.common import escape_md
from kundenwert.ui.session import copy_widget, key

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
    return key("w", criterion)


def direction_key(criterion: str) -> str:
    return key("d", criterion)


def criterion_label(key: str) -> str:
    """Plain label (own criteria carry the user's header: escape it before Markdown / widget labels)."""
    label = label_de(key)
    return f"{label} (eigenes)" if key.startswith(CUSTOM_PREFIX) else label


def criterion_help(key: str) -> str:
    if key in CRITERIA_BY_KEY:
        return CRITERIA_BY_KEY[key].question_de
    return "Eigenes Kriterium aus Ihrer Liste (Werte 0–10)."


def _seed(widget: str, value: object) -> None:
    """Give a widget its stored value before it is created (allowed: it is not rendered yet)."""
    st.session_state[widget] = value


# --------------------------------------------------------------------------------- callbacks

def _on_weight(criterion: str) -> None:
    state.set_weight(criterion, st.session_state[weight_key(criterion)])


def _on_direction(criterion: str) -> None:
    state.set_reversed(criterion, st.session_state[direction_key(criterion)])


def _on_preset() -> None:
    name = st.session_state.get(key("preset"))
    if name:                      # clicking the active preset again deselects it: nothing to do
        state.apply_preset(name)


def _on_method() -> None:
    state.set_class_method(st.session_state[key("method")])


def _on_score_thresholds() -> None:
    b, a = st.session_state[key("thr_score")]
    state.set_thresholds("score", a, b)


def _on_pareto_thresholds() -> None:
    a, b = st.session_state[key("thr_pareto")]
    state.set_thresholds("pareto", a, b)


def _on_rank_thresholds() -> None:
    state.set_thresholds("rank", st.session_state[key("thr_rank_a")], st.session_state[key("thr_rank_b")])


# ------------------------------------------------------------------------------------ render

def render_view_toggle() -> None:
    """The presentation-mode switch (also on the start page)."""
    _seed(key("present"), state.presentation_mode())
    st.toggle("Präsentationsmodus", key=key("present"), on_change=copy_widget, args=(key("present"), "present", bool),
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
        lang.render_language_select()
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
    _seed(key("preset"), active)
    st.pills("Voreinstellungen", list(PRESET_LABELS), key=key("preset"), format_func=PRESET_LABELS.get,
             on_change=_on_preset,
             help="Setzt alle Gewichte und Richtungen auf eine Voreinstellung:  \n"
                  + "  \n".join(f"**{PRESET_LABELS[k]}**: {PRESET_HELP[k]}" for k in PRESET_LABELS))
    if not state.presentation_mode():
        with st.expander("Eigene Szenarien", icon=":material/bookmarks:"):
            scenario_flow.render()
    else:
        scenario_flow.render_quick_picker()
    for crit in criteria:
        arrow = "  ↓" if state.is_reversed(crit) else ""
        _seed(weight_key(crit), state.weight(crit))
        st.slider(f"{escape_md(criterion_label(crit))}{arrow}", min_value=WEIGHT_MIN, max_value=WEIGHT_MAX,
                  step=WEIGHT_STEP, key=weight_key(crit), format="%.1f", help=criterion_help(crit),
                  on_change=_on_weight, args=(crit,))
    with st.expander("Richtung je Kriterium (↓ = hoch ist schlecht)"):
        st.caption("Eingeschaltet: ein hoher Wert ist schlecht und zählt als 10 − Wert.")
        for crit in criteria:
            _seed(direction_key(crit), state.is_reversed(crit))
            st.toggle(f"{escape_md(criterion_label(crit))}: hoch ist schlecht", key=direction_key(crit),
                      on_change=_on_direction, args=(crit,))


def _render_money() -> None:
    st.header("Kundenwert in €")
    vs = state.settings()
    _seed(key("epp_auto"), bool(vs.epp_auto))
    auto = st.toggle("€ je Punkt automatisch", key=key("epp_auto"), on_change=copy_widget,
                     args=(key("epp_auto"), "epp_auto", bool),
                     help="Automatisch: so, dass die Kundenwerte zusammen den Deckungsbeitrag (€) aller "
                          "bewerteten Kunden ergeben; ohne Deckungsbeitragsspalte 100 € je Punkt.")
    if not auto:
        _seed(key("epp"), float(vs.epp))
        st.number_input("€ je Score-Punkt", min_value=0.0, max_value=1e12, step=10.0, format="%.2f",
                        key=key("epp"), on_change=copy_widget, args=(key("epp"), "epp", float))
    result = state.current_result()
    if result is not None:
        source = {"margin": "aus dem Deckungsbeitrag", "default": "Standardwert", "user": "eigene Angabe"}
        st.caption(f"{fmt_eur(result.euro_per_point)} je Punkt ({source.get(result.euro_per_point_source, '')})")
    cl = state.current_list()
    if cl is not None and cl.has("margin"):
        with st.expander("Kundenlebenswert (CLV)"):
            _seed(key("retention"), float(vs.retention))
            st.slider("Bindungsrate r", 0.0, 0.99, step=0.01, key=key("retention"), on_change=copy_widget,
                      args=(key("retention"), "retention", float),
                      help="Anteil der Kunden, die im Folgejahr bleiben.")
            _seed(key("discount"), float(vs.discount))
            st.slider("Diskontsatz d", 0.0, 0.5, step=0.01, key=key("discount"), on_change=copy_widget,
                      args=(key("discount"), "discount", float))
            st.caption("CLV = Deckungsbeitrag × r / (1 + d − r)")


def _render_classes() -> None:
    st.header("A/B/C-Klassen")
    method = state.class_method()
    _seed(key("method"), method)
    st.selectbox("Methode", CLASS_METHODS, key=key("method"), format_func=CLASS_METHOD_LABELS.get,
                 on_change=_on_method)
    st.caption(METHOD_HELP[method])
    a, b = state.thresholds(method)
    if method == "score":
        _seed(key("thr_score"), (float(b), float(a)))
        st.slider("B ab … / A ab … (Score)", 0.0, 10.0, step=0.5, key=key("thr_score"), format="%.1f",
                  on_change=_on_score_thresholds, help="Linker Griff: B-Schwelle, rechter Griff: A-Schwelle.")
        st.caption(f"A: Score ≥ {fmt_num(a)} · B: ≥ {fmt_num(b)} · C: darunter")
    elif method == "pareto":
        cl = state.current_list()
        bases = [k for k in BASIS_LABELS if k == "value_eur" or (cl is not None and cl.has(k))]
        if state.settings().basis not in bases:
            session.update_settings(basis="value_eur")
        _seed(key("basis"), state.settings().basis)
        st.selectbox("Wertbasis", bases, key=key("basis"), format_func=BASIS_LABELS.get, on_change=copy_widget,
                     args=(key("basis"), "basis"))
        _seed(key("thr_pareto"), (float(a), float(b)))
        st.slider("A bis … / B bis … (% des Werts)", 1.0, 100.0, step=1.0, key=key("thr_pareto"), format="%.0f %%",
                  on_change=_on_pareto_thresholds)
        st.caption(f"A: die Kunden mit den ersten {fmt_num(a, 0)} % des Werts · B: bis {fmt_num(b, 0)} % · C: Rest")
    else:
        _seed(key("thr_rank_a"), float(a))
        _seed(key("thr_rank_b"), float(b))
        st.number_input("A: beste … % der Kunden", 0.0, 100.0, step=5.0, key=key("thr_rank_a"),
                        on_change=_on_rank_thresholds)
        st.number_input("B: nächste … % der Kunden", 0.0, 100.0, step=5.0, key=key("thr_rank_b"),
                        on_change=_on_rank_thresholds)
