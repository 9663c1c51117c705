"""Starting the worker process (see :mod:`.worker`), also early: before the command line has imported pandas.

``python -m kundenwert score LIST`` spends ~0.4 s importing pandas, Arrow and the engine before it
reads the list; the worker needs none of that. :func:`start` (called by ``kundenwert/__main__.py``
with the list's path) reads the file and starts the worker with it at once, so that the two run
side by side on two cores. Later :func:`kundenwert.ingest.worker.read_path` reads the file the
ordinary way (every check and message as before) and :func:`take` hands it the early worker only
when it was started for the same name, sheet and bytes; otherwise, and for anything unusual here
(not a regular file, too large, an OS error), nothing was started or the early worker is ended and
the ordinary path runs alone. A worker never taken is killed when the command ends.

Light on purpose: this module imports nothing of kundenwert beyond itself (no numpy, no pandas).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import stat
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

# larger files are left to the ordinary path (whose limit, safety._EARLY_MAX_BYTES, refuses them): no early start
_EARLY_MAX_BYTES = 100 * 1024 * 1024
_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds the kundenwert package


def display_name(path: str) -> str:
    """The name a file on disk goes by in messages and in the table (its last path part)."""
    return os.path.basename(os.path.normpath(path)) or path


def worker_payload(data: bytes, name: str, sheet: str | None) -> bytes:
    """What the worker reads on stdin: the length of the JSON meta data, the meta data, the file's bytes."""
    meta = json.dumps({"filename": name, "sheet": sheet}).encode()
    return struct.pack("<I", len(meta)) + meta + bytes(data)


def spawn_worker() -> subprocess.Popen:
    """A fresh worker process (``python -m kundenwert.ingest.worker_main``) waiting for its payload on stdin.
    It sets its own limits first thing (see :func:`kundenwert.ingest.worker._limit_child`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "kundenwert.ingest.worker_main"], cwd=_ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True,
    )


@dataclass
class Early:
    """A worker started early for one file: its process and what it was given."""

    key: tuple[str, str | None, bytes]  # (name, sheet, bytes)
    proc: subprocess.Popen
    writer: threading.Thread

    def stdin_done(self) -> None:
        """Wait until the payload is written (the worker reads it all before it starts)."""
        self.writer.join()
        self.proc.stdin = None  # closed by the writer: communicate() must not touch it again


_started: list[Early] = []


def _feed(proc: subprocess.Popen, payload: bytes) -> None:
    # an OSError: the worker ended early (it then reports, or its exit status tells, why)
    with contextlib.suppress(OSError):
        proc.stdin.write(payload)
    with contextlib.suppress(OSError):
        proc.stdin.close()


def start(path: str, sheet: str | None = None) -> None:
    """Read a regular file of at most _EARLY_MAX_BYTES and start the worker on it; anything else: nothing."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _EARLY_MAX_BYTES:
            return
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(_EARLY_MAX_BYTES + 1)
        if len(data) > _EARLY_MAX_BYTES:
            return
        name = display_name(path)
        proc = spawn_worker()
    except OSError:
        return
    finally:
        os.close(fd)
    writer = threading.Thread(target=_feed, args=(proc, worker_payload(data, name, sheet)), daemon=True)
    writer.start()
    if not _started:
        atexit.register(_end_all)
    _started.append(Early((name, sheet, data), proc, writer))


def take(name: str, sheet: str | None, data: bytes) -> Early | None:
    """The early worker started for exactly this name, sheet and bytes (then no longer kept here), else None."""
    for early in _started:
        if early.key == (name, sheet, data):
            _started.remove(early)
            return early
    return None


def _end_all() -> None:
    """Workers started but never taken (a usage error, --help, another error first) end with the command."""
    while _started:
        early = _started.pop()
        early.proc.kill()
        early.proc.wait()
        for stream in (early.proc.stdout, early.proc.stderr):
            stream.close()
