"""Giving freed memory back to the system in the long-running app server (glibc only; elsewhere no-ops).

A 100,000-row upload makes a few hundred MB of short-lived arrays and objects. glibc's malloc raises
its mmap threshold after large blocks are freed (up to 32 MB), so later large arrays come from the
heap, and what is freed there stays in the process: the server grew by ~40 MB per upload that no
session held. :func:`keep_large_blocks_mapped` fixes the threshold (large arrays are mapped and
unmapped, so a freed array is returned at once); :func:`release_free_memory` hands back what is free
at the top of the heaps after a list is built (~20 ms).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

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
    """Fix glibc's mmap threshold for this process (once); True if it was set."""
    libc = _libc()
    return bool(libc and libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def release_free_memory() -> None:
    """Return the free memory at the top of glibc's heaps to the system (after a large load)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
