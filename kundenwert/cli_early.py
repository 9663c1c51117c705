"""The first thing ``python -m kundenwert`` does: for ``score``/``matrix``/``validate``, start reading the list
in the worker (:mod:`kundenwert.ingest.early`) before the command imports pandas and the engine.

Only a guess at the arguments, without argparse (whose parser needs the engine's imports): the one
positional argument after the command, and ``--sheet``. Every other option of these commands takes
a value, except those in :data:`_FLAGS`. A wrong guess costs a worker that is never used and ends
with the command; the command itself parses its arguments as always and reads the file the ordinary
way, taking the early worker only for the same name, sheet and bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

_COMMANDS = {"score", "matrix", "validate"}
_FLAGS = {"--json"}             # options of these commands without a value


def guess(argv: Sequence[str]) -> tuple[str, str | None] | None:
    """(input path, sheet) of a score/matrix/validate command line, or None when unsure or not such a command."""
    args, i = list(argv), 0
    while i < len(args) and args[i].startswith("-"):            # --lang before the command
        if args[i] == "--lang":
            i += 2
        elif args[i].startswith("--lang="):
            i += 1
        else:
            return None
    if i >= len(args) or args[i] not in _COMMANDS:
        return None
    positional: list[str] = []
    sheet = None
    i += 1
    while i < len(args):
        a = args[i]
        if a == "--":
            positional += args[i + 1:]
            break
        if a in ("-h", "--help"):
            return None
        if a.startswith("-") and a != "-":
            name, eq, value = a.partition("=")
            if not eq and name not in _FLAGS:
                value = args[i + 1] if i + 1 < len(args) else None
                i += 1
            if name == "--sheet":
                sheet = value
            i += 1
            continue
        positional.append(a)
        i += 1
    return (positional[0], sheet) if len(positional) == 1 else None


def start_reading(argv: Sequence[str]) -> None:
    found = guess(argv)
    if found is not None:
        from .ingest.early import start

        start(*found)
