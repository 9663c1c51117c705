"""Reading an input file from disk: regular files only, size checked first, OS errors in words of the catalogue.

A path may name a directory, a device (``/dev/zero`` reads forever), a FIFO (blocks until a writer
comes) or a symlink to one of them. The file is checked with ``stat`` before it is opened, opened
with ``O_NONBLOCK`` (a FIFO swapped in between cannot hang the open) and checked again with
``fstat``; at most :data:`~kundenwert.ingest.limits.MAX_FILE_BYTES` + 1 bytes are ever read.
"""

from __future__ import annotations

import errno
import os
import stat

from . import limits

_REASONS = {   # errno -> key "os.read.<name>" of the catalogue
    errno.ENOENT: "ENOENT", errno.EACCES: "EACCES", errno.EPERM: "EACCES", errno.EISDIR: "EISDIR",
    errno.ENOTDIR: "ENOTDIR", errno.ENAMETOOLONG: "ENAMETOOLONG", errno.ELOOP: "ELOOP", errno.EIO: "EIO",
    errno.ENXIO: "ENXIO", errno.EAGAIN: "EAGAIN",
}


def os_reason(exc: OSError) -> dict[str, str]:
    """The reason of an OS error as a code of the catalogue (``os.read.<code>``; "other" with the errno's
    number), worded by the refusal in its language – never the English strerror."""
    return {"reason": _REASONS.get(exc.errno or 0, "other"), "number": str(exc.errno)}


def _what(mode: int) -> str:
    """What a path that is no regular file is instead: a code of ``safety.what.<code>``."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def _check_stat(st: os.stat_result, name: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise limits.refusal("not_regular", name, what=_what(st.st_mode))
    if st.st_size > limits.MAX_FILE_BYTES:
        raise limits.refusal("too_large", name, size=st.st_size)


def read_file_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of a regular file and its display name; InputFileError (German) for anything else."""
    name = os.path.basename(os.path.normpath(path)) or path
    try:
        _check_stat(os.stat(path), name)  # follows symlinks: a link to /dev/zero is a device
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise limits.refusal("os_error", name, **os_reason(exc)) from None
    try:
        _check_stat(os.fstat(fd), name)
        parts, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limits.MAX_FILE_BYTES:
                raise limits.refusal("too_large", name, size=total)
        return b"".join(parts), name
    except OSError as exc:
        raise limits.refusal("os_error", name, **os_reason(exc)) from None
    finally:
        os.close(fd)
