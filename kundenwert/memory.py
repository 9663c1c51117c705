"""Giving freed memory back to the system in the long-running app server (glibc only; elsewhere no-ops).

A 100,000-row upload makes a few hundred MB of short-lived arrays and objects. glibc's malloc raises
its mmap threshold after large blocks are freed (up to 32 MB), so later large arrays come from the
heap, and what is freed there stays in the process: the server grew by ~40 MB per upload that no
session held. :func:`keep_large_blocks_mapped` fixes the threshold (large arrays are mapped and
unmapped, so a freed array is returned at once); :func:`release_free_memory` hands back what is free
at the top of the heaps after a list is built (~20 ms). :func:`keep_only_unused_rows` lets a session keep
a built list without the raw cells it was built from.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .ingest.reader import RowNumbers

if TYPE_CHECKING:
    from .dataset import CustomerList

MMAP_THRESHOLD_BYTES = 128 * 1024   # glibc's own default, kept fixed instead of growing to 32 MB
_M_MMAP_THRESHOLD = -3              # mallopt parameter (malloc.h)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt  # noqa: B018 - glibc only: musl and others have no mallopt/malloc_trim
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


@functools.cache
def keep_large_blocks_mapped() -> bool:
    """Fix glibc's mmap threshold for this process (once); True if it was set.

    Then Arrow's buffers (the text columns of every list and result: pandas' `str` dtype) come from
    glibc too, unless ARROW_DEFAULT_MEMORY_POOL says otherwise: Arrow's own mimalloc pool keeps what is
    freed for later use (server with one 100k list ~10 MB more, peak ~30 MB more; BENCHMARKS.md)."""
    libc = _libc()
    if not (libc and libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)):
        return False
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    return True


def release_free_memory() -> None:
    """Return the free memory at the top of glibc's heaps to the system (after a large load)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


class KeptCells(Sequence):
    """A column of a raw table of which only some rows' cells are kept; every other cell reads ''."""

    def __init__(self, n: int, cells: dict[int, object]):
        self._n, self._cells = n, cells

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index):  # type: ignore[override]  # noqa: ANN001, ANN204
        if isinstance(index, slice):
            return [self._cells.get(i, "") for i in range(self._n)[index]]
        return self._cells.get(range(self._n)[index], "")


def keep_only_unused_rows(cl: CustomerList) -> None:
    """Forget the raw cells of a built list except those of its rejected and skipped rows.

    The app keeps a built list for the whole session; the cells it was built from are ~35 MB of
    Python objects at 100,000 rows (RSS ~+55 MB with the allocator's overhead). Once the list is built
    only the data check reads them, and only the rows that did not become customers (their id and
    name: `data_page._customer_text`). A rebuild (mapping, sheet) reads the table again from the parse
    cache or the file, never from here. `cl.raw.rows[i][j]` keeps working for every row: '' where a
    cell was forgotten."""
    raw = cl.raw
    n = raw.rows_read
    if not n or not raw.columns:
        return
    numbers = raw.row_numbers
    keep = {int(r) for frame in (cl.rejected, cl.skipped) for r in frame["row"].to_numpy()}
    if isinstance(numbers, RowNumbers):                   # consecutive rows (always so from the reader)
        first = int(numbers[0])
        positions = sorted(r - first for r in keep if 0 <= r - first < n)
    else:
        where = {int(r): i for i, r in enumerate(numbers)}
        positions = sorted(where[r] for r in keep if r in where)
    rows = raw.rows
    kept = [rows[i] for i in positions]                    # Python values ('' for a blank)
    raw.columns = [KeptCells(n, {i: row[j] for i, row in zip(positions, kept, strict=True)})
                   for j in range(len(raw.columns))]
