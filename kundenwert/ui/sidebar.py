"""The sidebar of every analysis page: weights, directions, presets, € per point, classes, view.

Widget values live in the session's one `ViewSettings` (`kundenwert.ui.session`). Each widget is seeded from them before it is
created and writes back in its `on_change` callback, so values survive page switches (Streamlit drops
the state of widgets a page does not render) and presets can set every slider at once.
"""

from __future__ import annotations

import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERIA_BY_KEY, CUSTOM_PREFIX, label
from kundenwert.fmt import fmt_eur
from kundenwert.i18n import numbers, text
from kundenwert.report_text import threshold_text
from kundenwert.scenario import CLASS_METHODS, PARETO_BASES, PRESETS, WEIGHT_MAX, WEIGHT_MIN, WEIGHT_STEP
from kundenwert.ui import common, lang, scenario_flow, scenarios, session, state, urlstate
from kundenwert.ui.common import escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import copy_widget, key

PRESET_KEYS = tuple(PRESETS)
# what every slider shows beside its handle: Streamlit formats it with sprintf-js, which has no decimal
# comma (README, "Slider values"); one decimal for weights and score thresholds, whole percentages
WEIGHT_FORMAT = SCORE_FORMAT = "%.1f"
RATE_FORMAT = "%.2f"


def preset_label(preset: str, lang: str) -> str:
    """A preset's name in ``lang`` (the catalogue's ``preset.<key>``)."""
    return text(f"preset.{preset}", lang)


def basis_label(basis: str, lang: str) -> str:
    """'Umsatz (€)' / 'Revenue (€)': a Pareto value basis as an option."""
    name = report.basis_label(basis, lang)
    return text("ui.sidebar.basis", lang, basis=name[:1].upper() + name[1:])


def pct_format() -> str:
    """A whole percentage for a slider (sprintf): "80 %" in German, "80%" in English."""
    return "%.0f" + numbers.symbols(current_lang()).pct_suffix.replace("%", "%%")


def weight_key(criterion: str) -> str:
    return key("w", criterion)


def direction_key(criterion: str) -> str:
    return key("d", criterion)


def criterion_label(key: str) -> str:
    """Plain label in the UI language (own criteria carry the user's header: escape it before Markdown /
    widget labels)."""
    name = label(key, current_lang())
    return t("ui.sidebar.own_criterion", label=name) if key.startswith(CUSTOM_PREFIX) else name


def criterion_help(key: str) -> str:
    if key in CRITERIA_BY_KEY:
        return CRITERIA_BY_KEY[key].question(current_lang())
    return t("ui.sidebar.own_criterion_help")


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
    st.toggle(t("ui.sidebar.presentation"), key=key("present"), on_change=copy_widget,
              args=(key("present"), "present", bool), help=t("ui.sidebar.presentation_help"))


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
        return t("ui.sidebar.no_list")
    return t("ui.sidebar.active_list", source=src.label, n=len(cl.customers))


def render_active_list() -> None:
    st.caption(escape_md(active_list_line()), help=t("ui.sidebar.active_list_help"))


def _render_no_ratings() -> None:
    """A list without rating columns: no weights, € or classes to set – say so instead of dead sliders."""
    st.header(t("ui.sidebar.weights"))
    st.caption(t("ui.sidebar.no_ratings"))


def _render_weights() -> None:
    criteria = state.active_criteria()
    st.header(t("ui.sidebar.weights"))
    if state.current_list() is None:
        st.caption(t("ui.sidebar.no_list_yet"))
    scenario = state.current_scenario()
    st.caption(t("ui.sidebar.active", name=escape_md(scenarios.display_name(scenario))))
    active = state.matching_preset_key()
    _seed(key("preset"), active)
    lang_ = current_lang()          # bound into format_func: widgets may call it outside the run (AppTest)
    st.pills(t("ui.sidebar.presets"), list(PRESET_KEYS), key=key("preset"),
             format_func=lambda k: preset_label(k, lang_), on_change=_on_preset,
             help=t("ui.sidebar.presets_help") + "  \n" + "  \n".join(
                 f"**{preset_label(k, lang_)}**: {t(f'ui.sidebar.preset_help.{k}')}" for k in PRESET_KEYS))
    if not state.presentation_mode():
        with st.expander(t("ui.sidebar.own_scenarios"), icon=":material/bookmarks:"):
            scenario_flow.render()
    else:
        scenario_flow.render_quick_picker()
    for crit in criteria:
        arrow = "  ↓" if state.is_reversed(crit) else ""
        _seed(weight_key(crit), state.weight(crit))
        st.slider(f"{escape_md(criterion_label(crit))}{arrow}", min_value=WEIGHT_MIN, max_value=WEIGHT_MAX,
                  step=WEIGHT_STEP, key=weight_key(crit), format=WEIGHT_FORMAT, help=criterion_help(crit),
                  on_change=_on_weight, args=(crit,))
    with st.expander(t("ui.sidebar.directions")):
        st.caption(t("ui.sidebar.directions_help"))
        for crit in criteria:
            _seed(direction_key(crit), state.is_reversed(crit))
            st.toggle(t("ui.sidebar.high_is_bad", label=escape_md(criterion_label(crit))), key=direction_key(crit),
                      on_change=_on_direction, args=(crit,))


def _render_money() -> None:
    lang_ = current_lang()
    st.header(t("ui.sidebar.money"))
    vs = state.settings()
    _seed(key("epp_auto"), bool(vs.epp_auto))
    auto = st.toggle(t("ui.sidebar.epp_auto"), key=key("epp_auto"), on_change=copy_widget,
                     args=(key("epp_auto"), "epp_auto", bool),
                     help=t("ui.sidebar.epp_auto_help", default=fmt_eur(100, 0, lang_)))
    if not auto:
        _seed(key("epp"), float(vs.epp))
        st.number_input(t("ui.sidebar.epp"), min_value=0.0, max_value=1e12, step=10.0, format="%.2f",
                        key=key("epp"), on_change=copy_widget, args=(key("epp"), "epp", float))
    result = state.current_result()
    if result is not None:
        why = report.euro_per_point_source(result, lang_)
        st.caption(t("ui.sidebar.epp_shown", eur=fmt_eur(result.euro_per_point, lang=lang_), source=why))
    cl = state.current_list()
    if cl is not None and cl.has("margin"):
        with st.expander(t("ui.sidebar.clv")):
            _seed(key("retention"), float(vs.retention))
            st.slider(t("ui.sidebar.retention"), 0.0, 0.99, step=0.01, key=key("retention"), format=RATE_FORMAT,
                      on_change=copy_widget, args=(key("retention"), "retention", float),
                      help=t("ui.sidebar.retention_help"))
            _seed(key("discount"), float(vs.discount))
            st.slider(t("ui.sidebar.discount"), 0.0, 0.5, step=0.01, key=key("discount"), format=RATE_FORMAT,
                      on_change=copy_widget, args=(key("discount"), "discount", float))
            st.caption(t("ui.sidebar.clv_formula"))


def _render_classes() -> None:
    lang_ = current_lang()
    st.header(t("ui.sidebar.classes"))
    method = state.class_method()
    _seed(key("method"), method)
    st.selectbox(t("ui.sidebar.method"), CLASS_METHODS, key=key("method"),
                 format_func=lambda m: report.class_method_label(m, lang_), on_change=_on_method)
    st.caption(report.class_rule_generic(method, lang_))
    a, b = state.thresholds(method)
    if method == "score":
        _seed(key("thr_score"), (float(b), float(a)))
        st.slider(t("ui.sidebar.thr_score"), 0.0, 10.0, step=0.5, key=key("thr_score"), format=SCORE_FORMAT,
                  on_change=_on_score_thresholds, help=t("ui.sidebar.thr_score_help"))
        st.caption(t("ui.sidebar.thr_score_shown", a=threshold_text(method, a, lang_),
                     b=threshold_text(method, b, lang_)))
    elif method == "pareto":
        cl = state.current_list()
        bases = [k for k in PARETO_BASES if k == "value_eur" or (cl is not None and cl.has(k))]
        if state.settings().basis not in bases:
            session.update_settings(basis="value_eur")
        _seed(key("basis"), state.settings().basis)
        st.selectbox(t("ui.sidebar.basis_select"), bases, key=key("basis"), format_func=lambda k: basis_label(k, lang_),
                     on_change=copy_widget, args=(key("basis"), "basis"))
        _seed(key("thr_pareto"), (float(a), float(b)))
        st.slider(t("ui.sidebar.thr_pareto"), 1.0, 100.0, step=1.0, key=key("thr_pareto"), format=pct_format(),
                  on_change=_on_pareto_thresholds)
        st.caption(t("ui.sidebar.thr_pareto_shown", a=threshold_text(method, a, lang_),
                     b=threshold_text(method, b, lang_)))
    else:
        _seed(key("thr_rank_a"), float(a))
        _seed(key("thr_rank_b"), float(b))
        st.number_input(t("ui.sidebar.thr_rank_a"), 0.0, 100.0, step=5.0, key=key("thr_rank_a"),
                        on_change=_on_rank_thresholds)
        st.number_input(t("ui.sidebar.thr_rank_b"), 0.0, 100.0, step=5.0, key=key("thr_rank_b"),
                        on_change=_on_rank_thresholds)
