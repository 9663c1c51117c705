"""Helpers shared by the analysis pages (ABC, profile, matrix, NPS, method).

- `page()` sets the page up (config, sidebar, title) and runs its body so that an unexpected error
  becomes a friendly German message instead of a traceback;
- `chart()` shows a plotly figure the same way everywhere (full width, no plotly logo);
- `table()` shows a frame with German-formatted columns.

Customer data is only ever shown through widgets that render text as text (st.dataframe, st.metric,
markdown with escaped text, plotly with escaped labels) – never through unsafe HTML.
"""

from __future__ import annotations

import logging
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
    st.plotly_chart(fig, width="stretch", theme=None, config=PLOTLY_CONFIG, key=key)


def technical(text: str) -> None:
    common.technical(text)
