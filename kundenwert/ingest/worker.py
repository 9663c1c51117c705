"""Parse an untrusted file in a separate, limited process and return its RawTable.

The spreadsheet parser (calamine, Rust) aborts the whole process when an allocation fails, and a
hostile file can make any parser spend minutes. So the app and the CLI never parse in their own
process: :func:`load_raw` starts ``python -m kundenwert.ingest.worker_main`` for each file, with

* an address-space limit (``RLIMIT_AS`` = :data:`MEMORY_LIMIT_BYTES`) and no core dumps,
* a wall-clock limit (:data:`TIME_LIMIT_SECONDS`; the parent kills the child after it),

hands it the bytes on stdin and reads the pickled RawTable from stdout. A refusal in the child comes
back as its German sentence; a MemoryError, a crash (signal, e.g. calamine's abort) or the time limit
becomes one German :class:`~kundenwert.errors.InputFileError` in the caller, which keeps running.

Why a fresh ``subprocess`` and not ``multiprocessing``: the app server is threaded (fork is unsafe
there, and ``preexec_fn`` too, so the child sets its own limits first thing), a fresh interpreter
inherits nothing (no other session's data, no server memory) and costs about 60 ms here (the
reader imports in 40 ms), below the 300 ms budget. The result is unpickled with an allow-list
(the RawTable class, date/time types and float64 arrays only), so even a compromised child cannot
make the caller run code.

``in_process=True`` parses in the calling process (tests and benchmarks that measure the parser).
A test hook (environment variable :data:`TEST_HOOK_ENV`, honoured only while pytest runs a test)
makes the child abort, sleep or exhaust memory, to test the caller's handling.
"""

from __future__ import annotations

import gc
import io
import json
import os
import pickle
import resource
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputFileError
from . import safety

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024  # RLIMIT_AS of the worker (address space, not RSS)
TIME_LIMIT_SECONDS = 20.0  # wall clock, from start to result
MAX_WORKERS = 2  # workers at the same time in one server process (each may use MEMORY_LIMIT_BYTES)
SLOT_WAIT_SECONDS = 20.0  # how long an upload waits for a free worker slot before it gets a message
TEST_HOOK_ENV = "KUNDENWERT_TEST_WORKER_HOOK"  # "abort" | "sleep" | "memory"; only under pytest

_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds the kundenwert package
_HEADER = struct.Struct("<cQ")  # status, peak RSS of the child in KB
_OK, _REFUSED, _MEMORY, _FAILED = b"R", b"E", b"M", b"U"
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
    time limit runs from the start of the worker (after any wait for a free slot). Takes one of the :data:`MAX_WORKERS` slots until the result is in or
    the worker is stopped."""
    name = filename or "ohne Namen"
    if len(data) > safety.MAX_FILE_BYTES:  # refused here: no need to hand 100 MB to a process
        raise safety.refusal("too_large", name, size=len(data))
    meta = json.dumps({"filename": name, "sheet": sheet}).encode()
    if not _SLOTS.acquire(timeout=SLOT_WAIT_SECONDS):
        raise safety.refusal("busy", name)
    start = time.perf_counter()       # the time limit is the worker's: a wait for a free slot does not count
    try:
        with _input_file() as stdin:
            for part in (struct.pack("<I", len(meta)), meta, data):
                stdin.write(part)
            stdin.flush()
            stdin.seek(0)
            proc = subprocess.Popen(
                [sys.executable, "-m", "kundenwert.ingest.worker_main"], cwd=_ROOT, stdin=stdin,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, close_fds=True,
            )
    except OSError:
        _SLOTS.release()
        raise safety.refusal("worker_failed", name) from None
    except BaseException:
        _SLOTS.release()
        raise
    return StartedWorker(proc, name, start)


def _input_file() -> io.BufferedRandom:
    """An unnamed file in memory (Linux), else an unnamed temporary file: the child's stdin."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("kundenwert-upload", os.MFD_CLOEXEC), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


class StartedWorker:
    """A worker at work (see :func:`start_worker`): :meth:`result` once, or :meth:`stop`."""

    def __init__(self, proc: subprocess.Popen, name: str, start: float):
        self._proc, self.name, self._start = proc, name, start
        self._slot = True

    def _release(self) -> None:
        if self._slot:
            self._slot = False
            _SLOTS.release()

    def stop(self) -> None:
        """Kill the worker and wait for it (its result is not wanted)."""
        try:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.communicate()
        finally:
            self._release()

    def result(self) -> WorkerResult:
        """The pickled RawTable; InputFileError (German) for a refusal, a crash or the time limit."""
        try:
            return self._wait()
        finally:
            self._release()

    def _wait(self) -> WorkerResult:
        proc, name, start = self._proc, self.name, self._start
        left = max(0.0, TIME_LIMIT_SECONDS - (time.perf_counter() - start))
        try:   # a worker that has finished is read whatever the time left (a timeout of 0 would drop its result)
            out, err = proc.communicate(timeout=None if proc.poll() is not None else left)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            err = safety.refusal("timeout", name, seconds=TIME_LIMIT_SECONDS)
            raise _RefusedInWorker(str(err), time.perf_counter() - start, None, err.render) from None
        except BaseException:  # Ctrl-C in the CLI, a broken pipe: never leave the child behind
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - start
        if proc.returncode != 0 or len(out) < _HEADER.size:
            memory = proc.returncode == -signal.SIGABRT and b"memory allocation" in err
            key = "memory" if memory else "crashed"
            err = safety.refusal(key, name, limit=MEMORY_LIMIT_BYTES)
            raise _RefusedInWorker(str(err), seconds, None, err.render)
        status, rss_kb = _HEADER.unpack_from(out)
        body = out[_HEADER.size:]
        rss = rss_kb * 1024
        if status == _OK:
            return WorkerResult(body, seconds, rss)
        if status == _REFUSED:
            err = safety.decode_refusal(bytes(body))
        elif status == _MEMORY:
            err = safety.refusal("memory", name, limit=MEMORY_LIMIT_BYTES)
        else:
            err = safety.refusal("unusual", name)
        raise _RefusedInWorker(str(err), seconds, rss, err.render)


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


# -------------------------------------------------------------------------------------------- child

def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(TIME_LIMIT_SECONDS) + 5  # a backstop should the caller be gone
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _peak_rss_kb() -> int:
    """This process's own peak RSS. VmHWM belongs to the address space made by exec; getrusage's
    ru_maxrss would also carry the parent's size at the time of the fork."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _test_hook(filename: str) -> None:
    """``abort``/``sleep``/``memory`` for every file, or ``abort@name.xlsx`` for that file name only."""
    hook = os.environ.get(TEST_HOOK_ENV)
    if not hook or "PYTEST_CURRENT_TEST" not in os.environ:
        return
    hook, _, only = hook.partition("@")
    if only and only != filename:
        return
    if hook == "abort":
        os.abort()
    if hook == "sleep":
        time.sleep(3600)
    if hook == "memory":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))


def _pickled(raw) -> memoryview:  # noqa: ANN001 - a RawTable (not imported here before it is needed)
    """The table pickled without a memo: its cells are millions of distinct objects without cycles,
    which the memo would only track (1M rows: 0.45 s -> 0.07 s)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(raw)
    return buf.getbuffer()


def _child() -> None:
    gc.disable()  # a short-lived process building millions of objects without cycles
    _limit_child()
    stdin = sys.stdin.buffer
    (size,) = struct.unpack("<I", stdin.read(4))
    meta = json.loads(stdin.read(size))
    data = stdin.read()
    stdin.close()   # the caller's in-memory input file is freed now, not when this process ends
    try:
        _test_hook(meta["filename"])
        from .reader import read_table

        raw = read_table(data, meta["filename"], meta["sheet"])
        del data
        status, body = _OK, _pickled(raw)
    except InputFileError as exc:
        status, body = _REFUSED, safety.encode_refusal(exc)
    except MemoryError:
        status, body = _MEMORY, b""
    except Exception:  # noqa: BLE001 - a bug must not become a traceback for the user
        status, body = _FAILED, b""
    rss_kb = _peak_rss_kb()
    out = sys.stdout.buffer
    out.write(_HEADER.pack(status, rss_kb))
    out.write(body)
    out.flush()

