"""What a load or a scenario said, kept in the session and shown in the language of the run that shows it.

A message is made once (when a file is loaded, a mapping applied, a scenario scored) but shown on many
reruns, and the user may switch the language in between. So the session keeps a :class:`Said`: the German
text as a ``str`` (callers that only show it keep working) that can :meth:`~Said.render` itself in another
language; :func:`shown` gives the text for the current run.
"""

from __future__ import annotations

from collections.abc import Callable

from kundenwert.errors import KundenwertError
from kundenwert.i18n import Phrase


class Said(str):
    """A message: German text, :meth:`render` in any language (``render(lang) -> str``)."""

    render: Callable[[str], str]

    def __new__(cls, render: Callable[[str], str]):
        self = super().__new__(cls, render("de"))
        self.render = render
        return self

    def __reduce__(self):               # a copy of the session keeps the German text
        return str, (str(self),)


def of_error(exc: KundenwertError) -> Said:
    """An engine error as a message (the error knows its words in every language)."""
    return Said(exc.text)


def said(key: str, /, **params: object) -> Phrase:
    """The catalogue entry ``key`` as a message."""
    return Phrase(key, params)


def shown(message: str | None, lang: str) -> str | None:
    """A kept message in ``lang`` (a plain string as it is)."""
    render = getattr(message, "render", None)
    return render(lang) if callable(render) else message


def load_message(label: str, cl) -> Phrase:
    """What the user is told after loading a file. A list without customers says so (`state.loaded_empty`)."""
    if len(cl.customers):
        return said("ui.messages.loaded", label=label, count=cl.rows_read, customers=len(cl.customers))
    if cl.rows_read == 0:
        return said("ui.messages.only_header", label=label, row=cl.raw.header_row, first_row=cl.raw.header_row + 1)
    return said("ui.messages.no_customers", label=label, count=cl.rows_read)

