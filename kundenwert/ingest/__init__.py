"""Untrusted input: safety checks and resource budget, then the raw table.

`safety.check_file` looks at the bytes, and its verdict decides before any parser's result is used
(in the worker it runs while calamine parses, see :mod:`.child`); `reader.read_table` turns a checked
file into a RawTable (cells with Excel row numbers and column letters), nothing interpreted yet.
The app and the CLI call :func:`load_raw` / :func:`read_path`, which run both in a limited worker
process (:mod:`.worker`).
"""

from .worker import load_raw, read_path

__all__ = ["load_raw", "read_path"]
