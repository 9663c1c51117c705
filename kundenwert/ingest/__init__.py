"""Untrusted input: safety checks and resource budget before parsing, then the raw table.

`safety.check_file` looks at the bytes before any parser does; `reader.read_table` turns a checked
file into a RawTable (cells with Excel row numbers and column letters), nothing interpreted yet.
The app and the CLI call :func:`load_raw` / :func:`read_path`, which run both in a limited worker
process (:mod:`.worker`). Imported on first use, so that :mod:`.early` stays light.
"""

from __future__ import annotations

__all__ = ["load_raw", "read_path"]


def __getattr__(name: str):  # noqa: ANN202 - module attribute hook
    if name in __all__:
        from . import worker

        return getattr(worker, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
