"""Helpers shared by the analysis pages (ABC, profile, matrix, NPS, method).

- `page()` sets the page up (config, sidebar, title) and runs its body so that an unexpected error
  becomes a friendly German message instead of a traceback;
- `chart()` shows a plotly figure the same way everywhere (full width, no plotly logo);
- `table()` shows a frame with German-formatted columns.

Customer data is only ever shown through widgets that render text as text (st.dataframe, st.metric,
markdown with escaped text, plotly with escaped labels) – never through unsafe HTML.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from kundenwert.errors import KundenwertError
from kundenwert.ui import common, sidebar, state

log = logging.getLogger("kundenwert.ui")

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                 "toImageButtonOptions": {"format": "png", "scale": 2}}

def page(title: str, icon: str, body: Callable[[], None]) -> None:
    """Page config, sidebar, title; then the body. Errors: a friendly message, never a traceback."""
    st.set_page_config(page_title=f"{title} · Kundenwert", page_icon=icon, layout="wide")
    try:
        sidebar.render_sidebar()
    except Exception:  # noqa: BLE001 - the page must stay usable
        log.exception("sidebar failed")
        st.sidebar.error("Die Seitenleiste konnte nicht angezeigt werden.")
    st.title(title)
    try:
        body()
    except KundenwertError as exc:
        st.error(str(exc), icon=":material/error:")
    except Exception as exc:  # noqa: BLE001 - never show a traceback to the user
        log.exception("page %s failed", title)
        st.error("Hier ist leider etwas schiefgegangen – die Daten sind unverändert. Bitte die Einstellungen "
                 f"prüfen oder die Seite neu laden. (Technisch: {type(exc).__name__})", icon=":material/error:")


def presentation() -> bool:
    return state.presentation_mode()


def chart(fig: go.Figure, key: str) -> None:
    """The figure, full width. Its title and subtitle are shown as page text above it: plotly cannot wrap
    text, page text wraps at any width (a phone, a projector at 125 %). Exports keep them in the chart."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    head, sub = meta.get("title"), meta.get("subtitle")
    if head:
        # in place (a copy costs ~10 ms per chart and rerun) and idempotent: the text is read from `meta`,
        # so a cached figure shown again looks the same; 40 px on top: plotly's toolbar, no text under it
        fig.update_layout(title=None, margin_t=40)
        st.markdown(f"**{plotly_text_md(head)}**" + (f"  \n{plotly_text_md(sub)}" if sub else ""))
    st.plotly_chart(fig, width="stretch", theme=None, config=PLOTLY_CONFIG, key=key)


_TAG = re.compile(r"(<br>|</?b>|</?i>)")
_TAG_MD = {"<br>": "  \n", "<b>": "**", "</b>": "**", "<i>": "_", "</i>": "_"}


def plotly_text_md(text: str) -> str:
    """Plotly label text (escaped user text, <b>/<i>/<br>) as safe Markdown."""
    out = []
    for part in _TAG.split(text):
        if part in _TAG_MD:
            out.append(_TAG_MD[part])
        elif part:
            plain = html.unescape(part)
            lead = " " if plain[:1].isspace() else ""
            trail = " " if plain[-1:].isspace() else ""
            out.append(lead + common.escape_md(plain) + trail)
    return "".join(out)


def technical(text: str) -> None:
    common.technical(text)
