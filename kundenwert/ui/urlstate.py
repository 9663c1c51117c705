"""The current view in the page URL, so that a copied link opens the same view.

The format and its validation live in `kundenwert.links` (pure, unit-tested); this module only moves
parameters between `st.query_params` and the session:

- the link is read once, at the start of a session (the first run): settings, the compared pair
  (`kundenwert.ui.compare_page`), the robustness inputs (`kundenwert.ui.robustness_page`); what makes
  no sense is ignored and named in a notice (kept as phrases, worded in the UI language when shown);
- afterwards every run writes the view back – in ONE `st.query_params.from_dict` call and only when
  something changed. Streamlit turns each such write into a browser history entry (pushState), so an
  unchanged view adds none and a page switch adds only Streamlit's own entry for the new page. A
  settings change (slider move) does add one entry: Streamlit 1.67 has no replace-mode for
  `st.query_params` (see README, "Links und Browser-Verlauf").
"""

from __future__ import annotations

import streamlit as st

from kundenwert import links
from kundenwert.i18n import Phrase
from kundenwert.links import KEYS, Link
from kundenwert.scenario import Scenario
from kundenwert.ui import common, lang, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.messages import shown
from kundenwert.ui.session import widget_key

__all__ = ["KEYS", "decode", "encode", "sync", "read_once", "write_link"]

K_READ = widget_key("url_read")          # the link of this session has been read
K_NOTICE = widget_key("url_notice")      # the problems of the link (Phrases), until the notice is dismissed
encode = links.encode


def decode(params) -> tuple[Scenario | None, str | None, list[str]]:
    return links.decode(params, state.CUSTOM_SCENARIO_NAME)


# ----------------------------------------------------------------------------------- streamlit

def _params_now() -> dict[str, list[str]]:
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp}


LIST_KEY = links.LIST_KEY     # whose list the view is about: "own" or "sample" (the list itself never travels)
K_LINK_LIST = widget_key("link_list")   # the value the link of this session came with


def link_list_kind() -> str | None:
    """What the link this session was opened with said about the list ("own", "sample" or None)."""
    if K_LINK_LIST not in st.session_state:
        st.session_state[K_LINK_LIST] = st.query_params.get(LIST_KEY)
    return st.session_state[K_LINK_LIST]


def own_list_missing() -> bool:
    """The link (or the page before a reload) showed the user's own list, and this session has none:
    the page must say so – never show another list in its place."""
    return link_list_kind() == "own" and state.current_list() is None


def read_link() -> None:
    """Apply the link's settings, pair and robustness inputs (once per session) and keep a notice about
    what was ignored."""
    from kundenwert.ui import compare_page, robustness_page, scenarios

    st.session_state[K_READ] = True
    try:
        link = links.decode_link(_params_now(), state.CUSTOM_SCENARIO_NAME)
    except Exception:  # noqa: BLE001 – a link must never break the page; decode is property-tested not to raise
        link = Link(problems=[Phrase("ui.urlstate.unreadable")])
    problems = list(link.problems)
    if link.scenario is not None:
        state.apply_scenario(link.scenario)
        if link.name and scenarios.name_problem(link.name) is None:
            state.saved_scenarios()[link.name] = link.scenario
    problems += compare_page.apply_link_pair(link.a, link.b)
    robustness_page.apply_link_inputs(link.spread, link.draws)
    st.session_state[K_NOTICE] = problems or None


def notice_now() -> str | None:
    """The notice about the link's unusable parts in the language of this run (None: nothing to say)."""
    problems = st.session_state.get(K_NOTICE)
    return shown(links.notice(problems), lang.current_lang()) if problems else None


def read_once() -> None:
    """Read the link if this session has not yet (idempotent; pages that need the link's values before
    the sidebar runs call it first)."""
    state.init_settings()
    if not st.session_state.get(K_READ):
        read_link()
        notice = notice_now()
        if notice:
            st.toast(escape_md(notice), icon=":material/link_off:", duration="long")


def wanted_params() -> dict[str, list[str]]:
    """The URL parameters of the current view."""
    from kundenwert.ui import compare_page, robustness_page

    current = state.current_scenario()
    name = current.name if current.name in state.saved_scenarios() else None
    compare_page.ensure_picks()       # settled on every page: opening the comparison then writes nothing
    a, b = compare_page.link_pair()
    spread, draws = robustness_page.link_inputs()
    wanted = links.encode_link(Link(scenario=current, name=name, a=a, b=b, spread=spread, draws=draws))
    kind = state.list_kind() or (link_list_kind() if own_list_missing() else None)
    if kind in ("own", "sample"):
        wanted[LIST_KEY] = [kind]
    if lang.current_lang() != lang.default_lang():
        wanted[lang.URL_KEY] = [lang.current_lang()]
    return wanted


def write_link() -> None:
    """Put the current view into the URL: one write, and none if nothing changed (each write is a
    browser history entry)."""
    wanted = wanted_params()
    st.session_state[common.K_LINK_PARAMS] = {k: (v[0] if len(v) == 1 else v) for k, v in wanted.items()}
    now = _params_now()
    ours = {*KEYS, lang.URL_KEY}
    if {k: v for k, v in now.items() if k in ours} == wanted:
        return
    others = {k: v for k, v in now.items() if k not in ours}
    st.query_params.from_dict({k: (v[0] if len(v) == 1 else v) for k, v in {**others, **wanted}.items()})


def _dismiss() -> None:
    st.session_state[K_NOTICE] = None


def sync() -> None:
    """Read the link at the start of a session, show what was ignored (until dismissed), then write the
    view back."""
    read_once()
    notice = notice_now()
    if notice:
        st.warning(escape_md(notice), icon=":material/link_off:")
        st.button(lang.t("ui.urlstate.dismiss"), key=widget_key("url_notice_ok"), on_click=_dismiss, type="tertiary",
                  icon=":material/close:")
    write_link()
