"""Language seam: one catalogue per language (``de.toml``, ``en.toml``) and locale formatting.

The engine hands out codes and parameters; the edges (pages, CLI, exports) turn them into words
with :func:`text`. A template uses ``{name}`` for a parameter (numbers formatted for the language;
parameters named ``row``, ``rows``, ``first_row``, ``worst`` are Excel row numbers and are written
without thousands separators; a list is joined with ", " and gets " …" when ``name_total`` says
there are more) and ``{name|one|many}`` for singular/plural by the number ``name``. ``%{x}`` (plotly's
own placeholders in chart texts) is left as it is.

Adding a language means adding one catalogue file (``<code>.toml``, the same keys) and its code in
``numbers.LANGS``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import numpy as np

from .numbers import (
    DEFAULT_LANG,
    LANGS,
    MINUS,
    date_text,
    datetime_text,
    eur,
    norm_lang,
    number,
    pct,
    plotly_separators,
    signed,
)

__all__ = ["DEFAULT_LANG", "LANGS", "MINUS", "Phrase", "catalogue", "date_text", "datetime_text",
           "eur", "fill", "norm_lang", "number", "pct", "plotly_separators", "signed", "text"]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of a language: key -> template."""
    path = Path(__file__).with_name(f"{norm_lang(lang)}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


_FIELD = re.compile(r"\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}")
_PLAIN = frozenset({"row", "rows", "first_row", "worst"})   # Excel row numbers: no thousands separators


def _shortest(value: float, lang: str) -> str:
    if value == int(value) and abs(value) < 1e15:
        return number(value, 0, lang)
    for decimals in range(1, 7):
        if round(value, decimals) == value:
            return number(value, decimals, lang)
    return number(value, 6, lang)


def value_text(value: object, lang: str = DEFAULT_LANG) -> str:
    """A parameter as text: ints with grouping, floats with as many decimals as they carry."""
    if isinstance(value, Phrase):
        return value.render(lang)
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return number(int(value), 0, lang)
    if isinstance(value, float | np.floating):
        value = float(value)
        return _shortest(value, lang) if np.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v, lang) for v in value)
    return str(value)


def fill(template: str, params: dict, lang: str = DEFAULT_LANG) -> str:
    """A template with its parameters filled in (see the module text)."""
    def sub(m: re.Match) -> str:
        if m.start() and template[m.start() - 1] == "%":
            return m.group(0)           # a plotly placeholder such as %{x} stays for plotly
        name, one, many = m.groups()
        value = params[name]
        if one is not None:
            return one if value == 1 else many
        if name in _PLAIN:
            shown = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
        else:
            shown = value_text(value, lang)
        total = params.get(f"{name}_total")
        if isinstance(value, list | tuple) and total is not None and total > len(value):
            shown += " …"
        return shown
    return _FIELD.sub(sub, template)


def text(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The sentence of ``key`` in ``lang`` with ``params`` filled in."""
    return fill(catalogue(lang)[key], params, norm_lang(lang))


class Phrase(str):
    """A sentence that remembers its key and parameters: the German text as a ``str`` (so callers that
    only show it keep working), :meth:`render` makes it in another language. ``parts`` joins phrases."""

    key: str | None
    params: dict
    parts: tuple
    sep: str

    def __new__(cls, key: str | None, params: dict | None = None, *, parts: tuple = (), sep: str = "; "):
        params = dict(params or {})
        self = super().__new__(cls, _render(key, params, parts, sep, DEFAULT_LANG))
        self.key, self.params, self.parts, self.sep = key, params, tuple(parts), sep
        return self

    @classmethod
    def join(cls, parts: list, sep: str = "; ") -> Phrase:
        return cls(None, parts=tuple(parts), sep=sep)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return _render(self.key, self.params, self.parts, self.sep, norm_lang(lang))

    def __reduce__(self):
        return _make_phrase, (self.key, self.params, self.parts, self.sep)


def _make_phrase(key, params, parts, sep) -> Phrase:
    return Phrase(key, params, parts=parts, sep=sep)


def _render(key: str | None, params: dict, parts: tuple, sep: str, lang: str) -> str:
    if key is None:
        return sep.join(p.render(lang) if isinstance(p, Phrase) else str(p) for p in parts)
    return text(key, lang, **params)
