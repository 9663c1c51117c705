"""What a load, an order upload, a scenario action or a link said, kept in the session and worded in the
language of the run that shows it.

A message is made once (when a file is loaded, a mapping applied, a scenario scored, a link read) but shown
on many reruns, and the user may switch the language in between. So the session keeps what the engine
said – a :class:`~kundenwert.errors.KundenwertError` (it knows its words in every language) or a
:class:`~kundenwert.i18n.Phrase` (a catalogue key with parameters) – never its words; :func:`shown` is the
one place that words a kept message for the current run.
"""

from __future__ import annotations

from kundenwert.errors import KundenwertError
from kundenwert.i18n import Phrase

Message = KundenwertError | Phrase | str     # a plain str (e.g. a file name) is shown as it is


def said(key: str, /, **params: object) -> Phrase:
    """The catalogue entry ``key`` as a message."""
    return Phrase(key, params)


def kept(message: Message | None) -> Message | None:
    """A message as the session keeps it: an engine error without its traceback. The traceback's frames
    hold the locals of the failed read (the file's bytes, a half-built table) for as long as the message is
    shown; the words (``KundenwertError.text``) do not need them."""
    if isinstance(message, BaseException):
        seen: set[int] = set()
        todo: list[BaseException | None] = [message]
        while todo:                                            # the chain (__cause__ and __context__) too
            exc = todo.pop()
            if exc is None or id(exc) in seen:
                continue
            seen.add(id(exc))
            exc.__traceback__ = None
            todo += [exc.__cause__, exc.__context__]
    return message


def shown(message: Message | None, lang: str) -> str | None:
    """A kept message in ``lang`` (None stays None)."""
    if message is None:
        return None
    if isinstance(message, KundenwertError):
        return message.text(lang)
    if isinstance(message, Phrase):
        return message.render(lang)
    return str(message)


def load_message(label: str, cl) -> Phrase:
    """What the user is told after loading a file. A list without customers says so (`state.loaded_empty`)."""
    if len(cl.customers):
        return said("ui.messages.loaded", label=label, count=cl.rows_read, customers=len(cl.customers))
    if cl.rows_read == 0:
        return said("ui.messages.only_header", label=label, row=cl.raw.header_row, first_row=cl.raw.header_row + 1)
    return said("ui.messages.no_customers", label=label, count=cl.rows_read)
