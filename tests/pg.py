"""A real, throwaway PostgreSQL server for the store tests (Debian's `postgresql` package).

`postgres_url()` is a session fixture body: initdb into a temp dir, pg_ctl start on a free port on
127.0.0.1 (socket in the temp dir), create a database, yield its SQLAlchemy URL, stop the server.
As root, initdb and pg_ctl run as the `postgres` user (PostgreSQL refuses to run as root).
Binaries missing: the tests skip, unless CI is set (then they fail).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator

import pytest

COMMANDS: list[str] = []   # the commands the fixture ran, for the record


def pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], user: str | None) -> None:
    cmd = ["runuser", "-u", user, "--", *args] if user else args
    COMMANDS.append(" ".join(cmd))
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def postgres_url() -> Iterator[str]:
    bindir = pg_bin()
    if bindir is None:
        message = ("PostgreSQL-Binärdateien fehlen (initdb unter /usr/lib/postgresql/*/bin) – "
                   "`make test` installiert Debians Paket postgresql")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            pytest.fail("als root wird der Benutzer „postgres“ gebraucht (legt Debians Paket postgresql an)")
    tmp = tempfile.mkdtemp(prefix="kw-pg-")
    data = os.path.join(tmp, "data")
    if user:
        info = pwd.getpwnam(user)
        os.chown(tmp, info.pw_uid, info.pw_gid)
    port = _free_port()
    started = False
    try:
        _run([f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--no-sync"], user)
        _run([f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-t", "30", "start", "-o",
              f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"], user)
        started = True
        _run([f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "kundenwert"], user)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/kundenwert"
    finally:
        if started:
            _run([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], user)
        shutil.rmtree(tmp, ignore_errors=True)
