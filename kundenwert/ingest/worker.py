"""Parse an untrusted file in a separate, limited process and return its RawTable.

The spreadsheet parser (calamine, Rust) aborts the whole process when an allocation fails, and a
hostile file can make any parser spend minutes. So the app and the CLI never parse in their own
process: :func:`load_raw` starts ``python -m kundenwert.ingest.worker_main`` for each file, with

* an address-space limit (``RLIMIT_AS`` = :data:`MEMORY_LIMIT_BYTES`) and no core dumps,
* a wall-clock limit (:data:`TIME_LIMIT_SECONDS`; the parent kills the child after it),

hands it the bytes on stdin and reads the pickled RawTable from stdout. A refusal in the child comes
back as its German sentence; a MemoryError, a crash (signal, e.g. calamine's abort) or the time limit
becomes one German :class:`~kundenwert.errors.InputFileError` in the caller, which keeps running.

The child (:mod:`.child`) runs the safety scan while calamine parses, and the scan's verdict decides.
calamine may abort the child on a hostile file before the scan is done: after a crash or memory
exhaustion the caller therefore runs a second child that only scans the same bytes (same limits, the
time left of the same limit), and a refusal of that scan is the message; otherwise the crash or memory
message is. This module is what the caller imports: no catalogue, no numpy, no parser before a refusal
needs them, so the command line starts the worker before its own imports (:mod:`kundenwert.cli_start`).

Why a fresh ``subprocess`` and not ``multiprocessing``: the app server is threaded (fork is unsafe
there, and ``preexec_fn`` too, so the child sets its own limits first thing), a fresh interpreter
inherits nothing (no other session's data, no server memory) and costs about 60 ms here (the
reader imports in 40 ms), below the 300 ms budget. The result is unpickled with an allow-list
(the RawTable class, date/time types and float64 arrays only), so even a compromised child cannot
make the caller run code.

``in_process=True`` parses in the calling process (tests and benchmarks that measure the parser).
A test hook (environment variable :data:`TEST_HOOK_ENV`, honoured only while pytest runs a test)
makes the child abort, sleep or exhaust memory, before it reads or in calamine's place while the scan
runs (:func:`.child._test_hook`), to test the caller's handling.
"""

from __future__ import annotations

import gc
import io
import json
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ..errors import InputFileError
from . import limits

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024  # RLIMIT_AS of the worker (address space, not RSS)
TIME_LIMIT_SECONDS = 20.0  # wall clock, from start to result
MAX_WORKERS = 2  # workers at the same time in one server process (each may use MEMORY_LIMIT_BYTES)
SLOT_WAIT_SECONDS = 20.0  # how long an upload waits for a free worker slot before it gets a message
TEST_HOOK_ENV = "KUNDENWERT_TEST_WORKER_HOOK"  # "abort" | "sleep" | "memory"; only under pytest

_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds the kundenwert package
_HEADER = struct.Struct("<cQ")  # status, peak RSS of the child in KB
_OK, _REFUSED, _MEMORY, _FAILED = b"R", b"E", b"M", b"U"
_RESCAN = b"S"  # the scan refused in a way memory held by calamine could have caused: a scan alone decides
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)  # ten hostile uploads at once must not take 10 x 1.5 GB


@dataclass
class WorkerResult:
    """A parse done in the worker: the pickled RawTable and what it cost."""

    blob: bytes  # pickled RawTable (see :func:`unpickle_table`)
    seconds: float  # wall clock in the caller, start to result
    peak_rss_bytes: int | None  # the worker's own peak RSS (None if it crashed)


class _RefusedInWorker(InputFileError):
    """An InputFileError whose sentence came from the worker; carries the worker's figures."""

    def __init__(self, message: str, seconds: float, peak_rss_bytes: int | None, render=None):  # noqa: ANN001
        super().__init__(message, render=render)
        self.seconds = seconds
        self.peak_rss_bytes = peak_rss_bytes


# ------------------------------------------------------------------------------------------- caller

def load_raw(data: bytes, filename: str, sheet: str | None = None, *, in_process: bool = False):
    """The RawTable of an uploaded file (bytes + its name), parsed in the worker process.

    Raises InputFileError with one German sentence for every file that cannot be read.
    """
    if in_process:
        from .reader import read_table

        return read_table(data, filename, sheet)
    return unpickle_table(parse_in_worker(data, filename, sheet).blob)


def read_path(path: str, sheet: str | None = None, *, in_process: bool = False):
    """The RawTable of a file on disk (regular files only, see :mod:`.files`), parsed in the worker."""
    from .files import read_file_bytes

    data, name = read_file_bytes(path)
    return load_raw(data, name, sheet, in_process=in_process)


def parse_in_worker(data: bytes, filename: str, sheet: str | None = None) -> WorkerResult:
    """Run the reader on `data` in a fresh, limited process; the pickled RawTable and its cost."""
    return start_worker(data, filename, sheet).result()


def start_worker(data: bytes, filename: str, sheet: str | None = None) -> StartedWorker:
    """Start the worker on `data` and return at once; :meth:`StartedWorker.result` waits for the table.

    The bytes go to the child through an unnamed in-memory file as its stdin (not a pipe the caller
    would have to feed), so the caller can do other work while the child checks and parses. The
    time limit runs from the start of the worker (after any wait for a free slot). Takes one of the
    :data:`MAX_WORKERS` slots until the result is in or the worker is stopped. Imports nothing heavy
    (no catalogue, no numpy): the command line starts it first thing (:mod:`kundenwert.cli_start`)."""
    name = filename or "ohne Namen"
    if len(data) > limits.MAX_FILE_BYTES:  # refused here: no need to hand 100 MB to a process
        raise limits.refusal("too_large", name, size=len(data))
    if not _SLOTS.acquire(timeout=SLOT_WAIT_SECONDS):
        raise limits.refusal("busy", name)
    start = time.perf_counter()       # the time limit is the worker's: a wait for a free slot does not count
    try:
        proc = _spawn(data, {"filename": name, "sheet": sheet})
    except OSError:
        _SLOTS.release()
        raise limits.refusal("worker_failed", name) from None
    except BaseException:
        _SLOTS.release()
        raise
    return StartedWorker(proc, name, start, data)


def _spawn(data: bytes, meta: dict) -> subprocess.Popen:
    """A worker process with `meta` and `data` on its stdin (see :mod:`.child`)."""
    header = json.dumps(meta).encode()
    with _input_file() as stdin:
        for part in (struct.pack("<I", len(header)), header, data):
            stdin.write(part)
        stdin.flush()
        stdin.seek(0)
        return subprocess.Popen(
            [sys.executable, "-m", "kundenwert.ingest.worker_main"], cwd=_ROOT, stdin=stdin,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True,
            # glibc gives each thread that allocates a malloc arena of its own (64 MB of address space): the
            # scan's thread would take that from the worker's RLIMIT_AS, which calamine needs for a large list
            env={**os.environ, "MALLOC_ARENA_MAX": "1"},
        )


def _input_file() -> io.BufferedRandom:
    """An unnamed file in memory (Linux), else an unnamed temporary file: the child's stdin."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("kundenwert-upload", os.MFD_CLOEXEC), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


class StartedWorker:
    """A worker at work (see :func:`start_worker`): :meth:`result` once, or :meth:`stop`."""

    def __init__(self, proc: subprocess.Popen, name: str, start: float, data: bytes):
        self._proc, self.name, self._start = proc, name, start
        self._data = data   # for a scan alone, should the worker crash (a reference, not a copy)
        self._slot = True

    def _release(self) -> None:
        if self._slot:
            self._slot = False
            _SLOTS.release()

    def stop(self) -> None:
        """Kill the worker and wait for it (its result is not wanted)."""
        try:
            _kill(self._proc)
        finally:
            self._data = b""
            self._release()

    def result(self) -> WorkerResult:
        """The pickled RawTable; InputFileError (German) for a refusal, a crash or the time limit."""
        try:
            return self._wait()
        finally:
            self._data = b""
            self._release()

    def _left(self) -> float:
        return max(0.0, TIME_LIMIT_SECONDS - (time.perf_counter() - self._start))

    def _wait(self) -> WorkerResult:
        proc, name = self._proc, self.name
        out, err = _communicate(proc, self._left())
        if out is None:
            self._refuse(limits.refusal("timeout", name, seconds=TIME_LIMIT_SECONDS), None)
        rss = _HEADER.unpack_from(out)[1] * 1024 if proc.returncode == 0 and len(out) >= _HEADER.size else None
        status = _HEADER.unpack_from(out)[0] if rss is not None else None
        if status == _OK:
            return WorkerResult(out[_HEADER.size:], time.perf_counter() - self._start, rss)
        if status == _REFUSED:
            self._refuse(_decode_refusal(out[_HEADER.size:]), rss)
        if status == _FAILED:
            self._refuse(limits.refusal("unusual", name), rss)
        memory = limits.refusal("memory", name, limit=MEMORY_LIMIT_BYTES)
        if status == _MEMORY:       # the scan had passed in that process: the read itself ran out of memory
            self._refuse(memory, rss)
        # A crash, or a scan calamine's memory may have spoilt (its own sentence, if any, in the body): a scan
        # alone decides; should that scan not finish, the first scan's sentence stands.
        first = _decode_refusal(out[_HEADER.size:]) if status == _RESCAN and len(out) > _HEADER.size else None
        out_of_memory = status == _RESCAN or (proc.returncode == -signal.SIGABRT and b"memory allocation" in err)
        verdict, refused, scan_rss = self._scan_alone()
        if refused is not None:
            self._refuse(refused, scan_rss)
        if verdict is None and first is not None:
            self._refuse(first, rss)
        self._refuse(memory if out_of_memory else limits.refusal("crashed", name, limit=MEMORY_LIMIT_BYTES), rss)

    def _scan_alone(self) -> tuple[bytes | None, InputFileError | None, int | None]:
        """A worker that only scans the same bytes: its status (None if it did not finish), its refusal
        (None if it passed) and its peak RSS."""
        try:
            proc = _spawn(self._data, {"filename": self.name, "scan_only": True})
        except OSError:
            return None, None, None
        out, _ = _communicate(proc, self._left())
        if out is None or proc.returncode != 0 or len(out) < _HEADER.size:
            return None, None, None
        status, rss_kb = _HEADER.unpack_from(out)
        return status, (_decode_refusal(out[_HEADER.size:]) if status == _REFUSED else None), rss_kb * 1024

    def _refuse(self, err: InputFileError, rss: int | None) -> NoReturn:
        raise _RefusedInWorker(str(err), time.perf_counter() - self._start, rss, err.render)


def _communicate(proc: subprocess.Popen, seconds: float) -> tuple[bytes | None, bytes]:
    """The worker's stdout and stderr; (None, b"") after killing it when it takes more than `seconds`."""
    try:   # a worker that has finished is read whatever the time left (a timeout of 0 would drop its result)
        return proc.communicate(timeout=None if proc.poll() is not None else seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return None, b""
    except BaseException:  # Ctrl-C in the CLI, a broken pipe: never leave the child behind
        proc.kill()
        proc.wait()
        raise


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def _decode_refusal(body: bytes) -> InputFileError:
    from .safety import decode_refusal

    return decode_refusal(bytes(body))


def _pickled(raw) -> memoryview:  # noqa: ANN001 - a RawTable (not imported here before it is needed)
    """The table pickled without a memo: its cells are millions of distinct objects without cycles,
    which the memo would only track (1M rows: 0.45 s -> 0.07 s)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(raw)
    return buf.getbuffer()


def _float_array(buffer, dtype, shape, order="C"):  # noqa: ANN001, ANN202 - numpy's pickle arguments
    """A float column of the table (numpy's array pickle), and nothing else: no object arrays."""
    import numpy as np

    if np.dtype(dtype) != np.float64:
        raise pickle.UnpicklingError(f"array of {dtype} is not allowed")
    return np.frombuffer(buffer, dtype=np.float64).reshape(shape, order=order).copy()


_ALLOWED_CLASSES = {
    ("kundenwert.ingest.reader", "RawTable"), ("numpy", "dtype"),
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"),
    # the reader's notes are Phrases (catalogue key + parameters): rebuilding one only looks the key up
    ("kundenwert.i18n", "_make_phrase"),
}


class _TableUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if (module, name) in _ALLOWED_CLASSES:
            return super().find_class(module, name)
        if (module, name) == ("numpy._core.numeric", "_frombuffer"):
            return _float_array
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def unpickle_table(blob: bytes):
    """A RawTable from the worker's pickle, allowing only the classes a RawTable is made of.

    The cyclic garbage collector is paused meanwhile: a table is millions of fresh objects without
    cycles, and the collections they would trigger cost three times the unpickling (1M rows: 2 s -> 0.5 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _TableUnpickler(io.BytesIO(blob)).load()
    finally:
        if enabled:
            gc.enable()
