"""Untrusted input: safety checks and resource budget before parsing, then the raw table.

`safety.check_file` looks at the bytes before any parser does; `reader.read_table` turns a checked
file into a RawTable (cells with Excel row numbers and column letters), nothing interpreted yet.
The app and the CLI call :func:`load_raw` / :func:`read_path`, which run both in a limited worker
process (:mod:`.worker`).
"""

from .worker import load_raw, read_path

__all__ = ["load_raw", "read_path"]
