"""Layout shared by every chart (kundenwert.charts, charts_surveys, charts_scenarios): sizes for the screen
and for presentation mode, wrapping (plotly does not wrap text), the common layout, threshold labels.

Text must stay readable from a 390 px phone to a projector: legends sit below the plot in rows (plotly
wraps them), axis titles and long category labels are wrapped, threshold and region labels sit inside the
plot area (never in the top margin, where the chart toolbar appears), bar labels that would have to
shrink below the axis text are hidden (their numbers are in the page's figures and in the hover), and
axes pick their own tick spacing for the width.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from .i18n import plotly_separators
from .style import TEXT_DARK

# Every chart is drawn on plotly's white template. As the default template plotly puts it into a figure once,
# when the figure is written out (cached, ~0.4 ms); set on each figure it is validated and copied every
# time (~10 ms a chart, on every rerun that builds one). The figures' JSON is the same. A figure takes the
# default when it is created, so it is set on import, before any chart (loading it costs ~60 ms once).
# Streamlit sets its own default ("streamlit") when its chart module is imported – after this module in some
# processes (a test run, a script importing the engine first) – so `_white_default` puts it back.
TEMPLATE = "plotly_white"
pio.templates.default = TEMPLATE


def _white_default() -> bool:
    """Make the white template plotly's default again; True if it already was (a string comparison per chart)."""
    if pio.templates.default == TEMPLATE:
        return True
    pio.templates.default = TEMPLATE
    return False


def _sizes(presentation: bool) -> dict[str, int]:
    """One scale for every chart: labels (font), ticks and bar labels never more than 2 px apart."""
    if presentation:
        return {"font": 20, "title": 28, "subtitle": 20, "height": 620, "tick": 19, "marker": 12}
    return {"font": 14, "title": 19, "subtitle": 14, "height": 440, "tick": 13, "marker": 8}


TITLE_WRAP = 60        # characters per line of a chart title (exports show titles in the chart)
AXIS_WRAP = 32         # … of an axis title: fits a phone's 300 px plot at 14 px, a projector at 20 px
LABEL_WRAP = 14        # … of a category label under a bar or around the radar


def wrap(text: str, width: int) -> str:
    """Plotly does not wrap text: break it into lines of at most `width` characters at spaces (and after
    hyphens) with <br>; existing <br> stay. A single longer word stays whole."""
    lines = []
    for part in str(text).split("<br>"):
        line = ""
        for word in part.replace("-", "-\x00").replace(" ", " \x00").split("\x00"):
            if line and len((line + word).rstrip()) > width:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        lines.append(line.rstrip())
    return "<br>".join(lines)


def _lines(text: str | None) -> int:
    return 0 if not text else text.count("<br>") + 1


def layout_props(title: str, *, presentation: bool, x_title: str | None = None, y_title: str | None = None,
                 subtitle: str | None = None, height: int | None = None, legend: bool = True,
                 lang: str = "de") -> dict:
    """The layout every chart shares, as one dict with its `xaxis` and `yaxis` (`_layout` applies it to a figure;
    `go.Figure(data=…, layout=layout_props(…))` builds a figure in one validation pass, 3× quicker)."""
    _white_default()                                  # for a figure created with this layout
    s = _sizes(presentation)
    meta = {"title": title, "subtitle": subtitle}    # unwrapped, for pages that show it as text
    title = wrap(title, TITLE_WRAP)
    title_dict: dict = {"text": title, "font": {"size": s["title"]}, "x": 0, "xanchor": "left",
                        "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}}
    top = 24 + _lines(title) * s["title"] * 1.3
    if subtitle:
        subtitle = wrap(subtitle, round(TITLE_WRAP * s["title"] / s["subtitle"]))
        title_dict["subtitle"] = {"text": subtitle, "font": {"size": s["subtitle"]}}
        top += _lines(subtitle) * s["subtitle"] * 1.35

    def axis(title: str | None) -> dict:
        out: dict = {"automargin": True, "tickfont": {"size": s["tick"]}, "title": {"standoff": 12}}
        if title is not None:
            out["title"].update(text=wrap(title, AXIS_WRAP), font={"size": s["font"]})
        return out

    return {
        "meta": meta,
        "title": title_dict,
        "separators": plotly_separators(lang),
        "font": {"size": s["font"], "color": TEXT_DARK},
        "height": height or s["height"],
        "hoverlabel": {"font": {"size": s["font"]}},
        "showlegend": legend,
        # below the plot, in rows that plotly wraps to the width; its height pushes the bottom margin
        "legend": {"font": {"size": s["font"]}, "orientation": "h", "x": 0, "xanchor": "left", "xref": "container",
                   "y": 0, "yanchor": "bottom", "yref": "container"},
        # bar labels that would have to shrink below the axis text are hidden, not drawn tiny
        "uniformtext": {"minsize": s["tick"], "mode": "hide"},
        "margin": {"t": round(top) + 36, "l": 20, "r": 20, "b": 20, "autoexpand": True},
        "xaxis": axis(x_title), "yaxis": axis(y_title),
    }


BAR_TEXT = {"textangle": 0}      # bar labels upright, never turned sideways


def _layout(fig: go.Figure, title: str, **kwargs) -> go.Figure:
    """The shared layout (`layout_props`) applied to a figure: every x and y axis it has, every bar trace."""
    if not _white_default():                          # the figure was created on another default
        fig.update_layout(template=TEMPLATE)
    props = layout_props(title, **kwargs)
    xaxis, yaxis = props.pop("xaxis"), props.pop("yaxis")
    fig.update_layout(props)
    fig.update_traces(BAR_TEXT, selector={"type": "bar"})
    fig.update_xaxes(xaxis)
    fig.update_yaxes(yaxis)
    return fig


def threshold_props(lines: list[tuple[float, str, str]], *, axis: str, presentation: bool,
                    span: tuple[float, float]) -> tuple[list[dict], list[dict]]:
    """Threshold lines and their labels (layout `shapes`, `annotations`), the labels inside the plot area so they
    never collide with each other or the toolbar.

    ``lines``: (position, text, colour). Vertical lines (axis="x"): one label per row from the top,
    each running from its line towards the middle of the plot, so two close lines never overlap.
    Horizontal lines (axis="y", sorted low → high): the lower line's label below it, the others above.
    """
    s = _sizes(presentation)
    size = s["font"] - 2
    mid = (span[0] + span[1]) / 2
    shapes, labels = [], []
    for i, (pos, text, colour) in enumerate(lines):
        line = {"color": colour, "dash": "dash", "width": 2}
        common = {"text": text, "showarrow": False, "font": {"size": size, "color": TEXT_DARK},
                  "bgcolor": "rgba(255, 255, 255, 0.85)", "borderpad": 2}
        if axis == "x":
            shapes.append({"type": "line", "x0": pos, "x1": pos, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                           "line": line})
            labels.append({"x": pos, "xref": "x", "y": 1, "yref": "paper", "yanchor": "top",
                           "yshift": -4 - i * round(size * 1.5), "xanchor": "left" if pos <= mid else "right",
                           "xshift": 4 if pos <= mid else -4, **common})
        else:
            shapes.append({"type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": pos, "y1": pos, "yref": "y",
                           "line": line})
            labels.append({"x": 0, "xref": "paper", "xanchor": "left", "xshift": 6, "y": pos, "yref": "y",
                           "yanchor": "top" if i == 0 and len(lines) > 1 else "bottom", **common})
    return shapes, labels


# Where the long catalogue names break (plotly cannot hyphenate); other labels break at spaces.
WORD_BREAKS = {"Reklamationsbereitschaft": "Reklamations-<br>bereitschaft", "Betreuungsaufwand": "Betreuungs-<br>aufwand",
               "Zahlungsmentalität": "Zahlungs-<br>mentalität", "Zukunftsperspektive": "Zukunfts-<br>perspektive",
               "Preissensibilität": "Preis-<br>sensibilität", "Schnäppchenfaktor": "Schnäppchen-<br>faktor",
               "Empfehlungswert": "Empfehlungs-<br>wert", "Sympathiefaktor": "Sympathie-<br>faktor",
               "Deckungsbeitrag": "Deckungs-<br>beitrag", "Creditworthiness": "Credit-<br>worthiness"}


def _wrap_word(label: str) -> str:
    return wrap(" ".join(WORD_BREAKS.get(w, w) for w in label.split(" ")), LABEL_WRAP)
