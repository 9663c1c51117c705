"""Everything a user reads on an AppTest page, as text fragments: labels, helps, captions, options,
table headers and cells, metric values, chart titles, axes, legends and hovers."""

from __future__ import annotations

import json

from google.protobuf.json_format import MessageToDict

# proto fields that are not read by a user: ids, keys, icons, CSS, form ids, raw table bytes
_SKIP = {"id", "formId", "key", "icon", "data", "arrowData", "styles", "cssId", "pageScriptHash", "page",
         "scriptHash", "queryString", "stTheme", "theme", "selectionMode", "type", "format", "dtype"}
# plotly spec keys whose values are read (titles, names, text, ticks, hovers, annotations)
_READ = {"text", "title", "name", "hovertemplate", "texttemplate", "ticktext", "label", "labels", "customdata",
         "hovertext", "y", "x"}


def _strings(obj, key: str = "") -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in _SKIP for s in _strings(v, k)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v, key)]
    return []


def _plotly(spec: str) -> list[str]:
    out: list[str] = []

    def walk(obj, key=""):
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, key)
        elif isinstance(obj, str) and key in _READ:
            out.append(obj)

    walk(json.loads(spec))
    return out


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) \
            else []:
        yield from _nodes(child)


def visible_text(at) -> list[str]:
    """Every fragment of text the page shows (and the sidebar)."""
    out: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or node.type in ("dataframe", "table"):
            continue
        if node.type == "plotly_chart":
            out += _plotly(proto.spec)
            continue
        out += _strings(MessageToDict(proto))
    for frame in [*at.dataframe, *at.table]:
        df = frame.value
        out += [str(c) for c in df.columns]
        out += [str(v) for col in df.columns if df[col].dtype == object for v in df[col].dropna().tolist()]
    return [s for s in out if s and s.strip()]
