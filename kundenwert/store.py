"""The scenario library: named scenarios with versions, kept in a SQL database (or the session).

`ScenarioStore` is the protocol (a repository in the cosmicpython sense); two implementations:

- `MemoryStore`: this process only (the app's session-only fallback, and the test fake);
- `SqlStore`: SQLAlchemy Core on SQLite (the default file `data/kundenwert.db`, or the path/URL in
  the environment variable ``KUNDENWERT_DB``) or PostgreSQL (``postgresql+psycopg://…``).

Nothing is overwritten: saving under an existing name adds version n+1; archiving hides a scenario
from the list (an archive view brings it back); restoring an old version saves it again as the newest.
Two writers saving the same name at the same moment both keep their version: (scenario, version) is
unique, a writer that loses the race retries with the next number (`SqlStore.conflicts` counts them).
SQLite: writers take the file lock up front (BEGIN IMMEDIATE) and queue. PostgreSQL: a save updates its
scenario row first, so saves of one name queue on that row lock; a retry is needed only when two
writers create the same new name at once, or another program writes versions directly.

The schema is created and migrated by the app (table ``schema_version``):
  1 - scenarios(id, name, created_at), scenario_versions(scenario_id, version, author, created_at, body)
  2 - adds scenarios.archived and scenario_versions.note.
A newer app opens an older database; an older app refuses a newer one with a German message.
Every database failure is a `StoreError` (German, one line, no password); `open_store()` falls back
to a `MemoryStore` with a one-line notice.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from .errors import KundenwertError, ScenarioError
from .i18n import Phrase, text
from .scenario import NAME_MAX_CHARS, Scenario

ENV_VAR = "KUNDENWERT_DB"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT / "data" / "kundenwert.db"
SCHEMA_VERSION = 2
AUTHOR_MAX_CHARS = 100
NOTE_MAX_CHARS = 2000
MAX_RETRIES = 50
CONNECT_TIMEOUT_S = 5


class StoreError(KundenwertError):
    """The library refuses a request (unknown scenario, empty author, newer schema …)."""


class StoreUnavailable(StoreError):
    """The database cannot be reached, opened or written."""


def _rendered(cls: type[StoreError], render) -> StoreError:
    """An error whose sentence ``render(lang)`` makes (German as its text)."""
    return cls(render("de"), render=render)


@dataclass(frozen=True)
class ScenarioRecord:
    """One version of one named scenario."""

    id: int
    name: str
    version: int
    author: str
    created_at: datetime          # UTC, timezone-aware
    note: str
    archived: bool
    scenario: Scenario
    versions: int = 1             # how many versions the scenario has (in list(): the count)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "version": self.version, "author": self.author,
                "created_at": self.created_at.isoformat(), "note": self.note, "archived": self.archived,
                "versions": self.versions, "scenario": self.scenario.to_dict()}


class ScenarioStore(Protocol):
    def save(self, name: str, scenario: Scenario, author: str, note: str = "", *,
             created_at: datetime | None = None) -> ScenarioRecord: ...
    def list(self, include_archived: bool = False) -> list[ScenarioRecord]: ...
    def versions(self, name_or_id: str | int) -> list[ScenarioRecord]: ...
    def get(self, name_or_id: str | int, version: int | None = None) -> ScenarioRecord: ...
    def archive(self, name_or_id: str | int) -> None: ...
    def restore(self, name_or_id: str | int) -> None: ...
    def restore_version(self, name_or_id: str | int, version: int, author: str,
                        note: str = "") -> ScenarioRecord: ...


# ------------------------------------------------------------------------------------ checks

def _now() -> datetime:
    return datetime.now(UTC)


def _clean(text: object, what: str, limit: int, *, required: bool) -> str:
    """``what``: the field's code (name, author, note), named in words from the catalogue."""
    field_name = Phrase(f"store.field.{what}")
    if not isinstance(text, str):
        raise StoreError.keyed("store.not_text", what=field_name)
    text = " ".join(text.split()) if what != "note" else text.strip()
    if required and not text:
        raise StoreError.keyed("store.missing", what=field_name)
    if len(text) > limit:
        raise StoreError.keyed("store.too_long", what=field_name, length=len(text), limit=limit)
    return text


def check_inputs(name: object, author: object, note: object) -> tuple[str, str, str]:
    """Name, author and note as stored (whitespace tidied); StoreError names what is wrong."""
    return (_clean(name, "name", NAME_MAX_CHARS, required=True),
            _clean(author, "author", AUTHOR_MAX_CHARS, required=True),
            _clean(note or "", "note", NOTE_MAX_CHARS, required=False))


def _body(scenario: Scenario, name: str) -> str:
    return json.dumps(replace(scenario, name=name).to_dict(), ensure_ascii=False, sort_keys=True)


def _scenario(body: str) -> Scenario:
    try:
        return Scenario.from_dict(json.loads(body))
    except (ValueError, ScenarioError) as exc:
        why = exc if isinstance(exc, ScenarioError) else ScenarioError.keyed("scenario.bad_json")
        raise _rendered(StoreError, lambda lang: text("store.corrupt", lang, reason=why.text(lang))) from None


def restored_note(version: int, note: str = "") -> str:
    return note or text("store.restored_note", version=str(version))   # stored with the version: German, as data


def _unknown(name_or_id: str | int) -> StoreError:
    return StoreError.keyed("store.unknown", name=str(name_or_id))


def _no_version(name: str, version: int) -> StoreError:
    return StoreError.keyed("store.no_version", name=name, version=str(version))


# ------------------------------------------------------------------------------------ memory

class MemoryStore:
    """The library in this process only (session-only scenarios; the test fake)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: dict[int, str] = {}
        self._archived: dict[int, bool] = {}
        self._versions: dict[int, list[tuple[str, datetime, str, str]]] = {}   # author, time, note, body
        self.conflicts = 0
        self.url = "memory"

    def _id(self, name_or_id: str | int) -> int:
        if (isinstance(name_or_id, int) or str(name_or_id).isdigit()) and int(name_or_id) in self._names:
            return int(name_or_id)
        for sid, name in self._names.items():
            if name == name_or_id:
                return sid
        raise _unknown(name_or_id)

    def _record(self, sid: int, version: int) -> ScenarioRecord:
        rows = self._versions[sid]
        if not 1 <= version <= len(rows):
            raise _no_version(self._names[sid], version)
        author, at, note, body = rows[version - 1]
        return ScenarioRecord(sid, self._names[sid], version, author, at, note, self._archived[sid],
                              _scenario(body), len(rows))

    def save(self, name: str, scenario: Scenario, author: str, note: str = "", *,
             created_at: datetime | None = None) -> ScenarioRecord:
        name, author, note = check_inputs(name, author, note)
        with self._lock:
            sid = next((i for i, n in self._names.items() if n == name), None)
            if sid is None:
                sid = len(self._names) + 1
                self._names[sid], self._archived[sid], self._versions[sid] = name, False, []
            self._archived[sid] = False
            self._versions[sid].append((author, created_at or _now(), note, _body(scenario, name)))
            return self._record(sid, len(self._versions[sid]))

    def list(self, include_archived: bool = False) -> list[ScenarioRecord]:
        with self._lock:
            out = [self._record(sid, len(self._versions[sid])) for sid in self._names
                   if include_archived or not self._archived[sid]]
        return sorted(out, key=lambda r: (r.name.casefold(), r.id))

    def versions(self, name_or_id: str | int) -> list[ScenarioRecord]:
        with self._lock:
            sid = self._id(name_or_id)
            return [self._record(sid, v) for v in range(1, len(self._versions[sid]) + 1)]

    def get(self, name_or_id: str | int, version: int | None = None) -> ScenarioRecord:
        with self._lock:
            sid = self._id(name_or_id)
            return self._record(sid, len(self._versions[sid]) if version is None else version)

    def archive(self, name_or_id: str | int) -> None:
        with self._lock:
            self._archived[self._id(name_or_id)] = True

    def restore(self, name_or_id: str | int) -> None:
        with self._lock:
            self._archived[self._id(name_or_id)] = False

    def restore_version(self, name_or_id: str | int, version: int, author: str,
                        note: str = "") -> ScenarioRecord:
        old = self.get(name_or_id, version)
        return self.save(old.name, old.scenario, author, restored_note(version, note))


# ------------------------------------------------------------------------------------ SQL

def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL: `value`, else $KUNDENWERT_DB, else the default file. A plain path is SQLite."""
    value = (value if value is not None else os.environ.get(ENV_VAR, "")).strip()
    if not value:
        return f"sqlite:///{DEFAULT_PATH}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().absolute()}"


def _tables():
    import sqlalchemy as sa

    meta = sa.MetaData()
    scenarios = sa.Table(
        "scenarios", meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(NAME_MAX_CHARS), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    versions = sa.Table(
        "scenario_versions", meta,
        sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("author", sa.String(AUTHOR_MAX_CHARS), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    schema = sa.Table("schema_version", meta, sa.Column("version", sa.Integer, nullable=False))
    return meta, scenarios, versions, schema


# the first schema, kept verbatim: tests build a version-1 file from it, and the migration starts there
SCHEMA_V1_SQL = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (1)",
    "CREATE TABLE scenarios (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL UNIQUE, "
    "created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE scenario_versions (scenario_id INTEGER NOT NULL REFERENCES scenarios (id), "
    "version INTEGER NOT NULL, author VARCHAR(100) NOT NULL, created_at TIMESTAMP NOT NULL, body TEXT NOT NULL, "
    "PRIMARY KEY (scenario_id, version))",
)
MIGRATIONS = {   # from version n to n+1
    1: ("ALTER TABLE scenarios ADD COLUMN archived BOOLEAN NOT NULL DEFAULT FALSE",
        "ALTER TABLE scenario_versions ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
}


def _describe(exc: BaseException, where: str) -> StoreError:
    """A database/driver failure in words of the catalogue, one line, no password, no English driver text."""
    found = str(getattr(exc, "orig", None) or exc).lower()
    return StoreUnavailable.keyed(f"store.db.{_failure(found)}", where=where, kind=type(exc).__name__)


def _failure(text: str) -> str:
    """The kind of a driver failure from its (English) text."""
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "read_only"
    if "unable to open database" in text:
        return "cannot_open"
    if "file is not a database" in text or "malformed" in text:
        return "not_a_database"
    if "database is locked" in text:
        return "locked"
    if "password" in text or "authentication" in text or "role" in text and "does not exist" in text:
        return "login"
    if "database" in text and "does not exist" in text:
        return "no_database"
    if any(w in text for w in ("connection refused", "could not connect", "translate host", "timeout",
                                "timed out", "name or service", "no route", "connection failed",
                                "server closed", "network")):
        return "unreachable"
    return "other"


class SqlStore:
    """The library in a SQL database (SQLite file or PostgreSQL), via SQLAlchemy Core."""

    def __init__(self, url: str | None = None):
        import sqlalchemy as sa
        from sqlalchemy import event, exc

        self._sa, self._exc = sa, exc
        raw = database_url(url)
        try:
            parsed = sa.engine.make_url(raw)
        except (exc.ArgumentError, ValueError):
            raise StoreError.keyed("store.bad_url") from None
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed.render_as_string(hide_password=True)
        self.where = parsed.database if parsed.get_backend_name() == "sqlite" else self.url   # named in messages
        self.sqlite = parsed.get_backend_name() == "sqlite"
        self.conflicts = 0
        self._count_lock = threading.Lock()
        connect_args: dict = {}
        if self.sqlite:
            connect_args["timeout"] = 30
            db = parsed.database or ""
            if db and db != ":memory:" and not db.startswith("file:"):
                with contextlib.suppress(OSError):   # the connect below says it in German
                    Path(db).parent.mkdir(parents=True, exist_ok=True)
        elif parsed.get_backend_name() == "postgresql":
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        try:
            self.engine = sa.create_engine(parsed, connect_args=connect_args, pool_pre_ping=not self.sqlite)
        except (exc.ArgumentError, exc.NoSuchModuleError, ImportError):
            raise StoreError.keyed("store.unsupported", url=self.url) from None
        if self.sqlite:
            # pysqlite's own transaction handling off; writers take the lock up front (BEGIN IMMEDIATE)
            # so two writers queue on the busy timeout instead of failing half-way
            @event.listens_for(self.engine, "connect")
            def _connect(dbapi_conn, _record):
                dbapi_conn.isolation_level = None

            @event.listens_for(self.engine, "begin")
            def _begin(conn):
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write")
                                     else "BEGIN")

        self._writer = self.engine.execution_options(write=True)
        self.meta, self.t_scn, self.t_ver, self.t_schema = _tables()
        self._guard(self._migrate)

    # ---- plumbing
    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except StoreError:
            raise
        except self._exc.SQLAlchemyError as e:
            raise _describe(e, self.where) from None
        except OSError as e:
            raise _describe(e, self.where) from None

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        sa = self._sa
        with self.engine.connect() as conn:
            current = self._schema_version(conn)
        if current == SCHEMA_VERSION:
            return
        if current > SCHEMA_VERSION:
            raise StoreError.keyed("store.newer_schema", where=self.where, current=current, known=SCHEMA_VERSION)
        with self._writer.begin() as conn:
            if not self.sqlite:   # two apps starting at once: one migrates, the other waits and sees it done
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7211)"))
            current = self._schema_version(conn)
            if current == 0:
                self.meta.create_all(conn)
                conn.execute(self.t_schema.insert().values(version=SCHEMA_VERSION))
                return
            while current < SCHEMA_VERSION:
                for statement in MIGRATIONS[current]:
                    conn.exec_driver_sql(statement)
                current += 1
                conn.execute(self.t_schema.update().values(version=current))

    def _schema_version(self, conn) -> int:
        names = set(self._sa.inspect(conn).get_table_names())
        if "schema_version" not in names:
            if "scenarios" in names:
                raise StoreError.keyed("store.foreign_table", where=self.where)
            return 0
        return int(conn.execute(self._sa.select(self._sa.func.max(self.t_schema.c.version))).scalar() or 0)

    def check_writable(self) -> None:
        """StoreUnavailable if the database can be read but not written (e.g. a read-only file)."""
        def probe():
            conn = self._writer.connect()
            try:
                with conn.begin() as tx:
                    conn.execute(self.t_schema.update().values(version=self.t_schema.c.version))
                    tx.rollback()
            finally:
                conn.close()
        self._guard(probe)

    def _sid(self, conn, name_or_id: str | int) -> int:
        sa, t = self._sa, self.t_scn
        if isinstance(name_or_id, int) or str(name_or_id).isdigit():
            sid = conn.execute(sa.select(t.c.id).where(t.c.id == int(name_or_id))).scalar()
            if sid is not None:
                return sid
        sid = conn.execute(sa.select(t.c.id).where(t.c.name == str(name_or_id))).scalar()
        if sid is None:
            raise _unknown(name_or_id)
        return sid

    def _records(self, conn, where, *, latest_only: bool) -> list[ScenarioRecord]:
        sa, s, v = self._sa, self.t_scn, self.t_ver
        counts = (sa.select(v.c.scenario_id, sa.func.max(v.c.version).label("latest"),
                            sa.func.count().label("n")).group_by(v.c.scenario_id).subquery())
        q = (sa.select(s.c.id, s.c.name, s.c.archived, v.c.version, v.c.author, v.c.created_at, v.c.note,
                       v.c.body, counts.c.n)
             .join(v, v.c.scenario_id == s.c.id).join(counts, counts.c.scenario_id == s.c.id).where(where))
        if latest_only:
            q = q.where(v.c.version == counts.c.latest)
        q = q.order_by(sa.func.lower(s.c.name), s.c.id, v.c.version)
        return [ScenarioRecord(r.id, r.name, r.version, r.author, r.created_at.replace(tzinfo=UTC), r.note or "",
                               bool(r.archived), _scenario(r.body), r.n) for r in conn.execute(q)]

    # ---- the protocol
    def save(self, name: str, scenario: Scenario, author: str, note: str = "", *,
             created_at: datetime | None = None) -> ScenarioRecord:
        name, author, note = check_inputs(name, author, note)
        body = _body(scenario, name)
        return self._guard(self._save, name, author, note, body, created_at or _now())

    def _save(self, name: str, author: str, note: str, body: str, at: datetime) -> ScenarioRecord:
        sa, s, v = self._sa, self.t_scn, self.t_ver
        naive = at.astimezone(UTC).replace(tzinfo=None)
        for attempt in range(MAX_RETRIES):
            try:
                with self._writer.begin() as conn:
                    sid = conn.execute(sa.select(s.c.id).where(s.c.name == name)).scalar()
                    if sid is None:
                        sid = conn.execute(s.insert().values(name=name, created_at=naive, archived=False)
                                           .returning(s.c.id)).scalar_one()
                    else:
                        conn.execute(s.update().where(s.c.id == sid).values(archived=False))
                    version = 1 + (conn.execute(sa.select(sa.func.max(v.c.version))
                                                .where(v.c.scenario_id == sid)).scalar() or 0)
                    conn.execute(v.insert().values(scenario_id=sid, version=version, author=author,
                                                   created_at=naive, note=note, body=body))
                    return self._records(conn, sa.and_(s.c.id == sid, v.c.version == version),
                                         latest_only=False)[0]
            except self._exc.IntegrityError:
                # another writer took this name or this version number first: try again with the next
                with self._count_lock:
                    self.conflicts += 1
                time.sleep(0.002 * (attempt + 1))
        raise StoreUnavailable.keyed("store.overloaded", where=self.where, name=name, tries=MAX_RETRIES)

    def list(self, include_archived: bool = False) -> list[ScenarioRecord]:
        def run():
            with self.engine.connect() as conn:
                where = self._sa.true() if include_archived else self.t_scn.c.archived == self._sa.false()
                return self._records(conn, where, latest_only=True)
        return self._guard(run)

    def versions(self, name_or_id: str | int) -> list[ScenarioRecord]:
        def run():
            with self.engine.connect() as conn:
                return self._records(conn, self.t_scn.c.id == self._sid(conn, name_or_id), latest_only=False)
        return self._guard(run)

    def get(self, name_or_id: str | int, version: int | None = None) -> ScenarioRecord:
        def run():
            with self.engine.connect() as conn:
                sid = self._sid(conn, name_or_id)
                if version is None:
                    return self._records(conn, self.t_scn.c.id == sid, latest_only=True)[0]
                found = self._records(conn, self._sa.and_(self.t_scn.c.id == sid, self.t_ver.c.version == version),
                                      latest_only=False)
                if not found:
                    name = conn.execute(self._sa.select(self.t_scn.c.name).where(self.t_scn.c.id == sid)).scalar()
                    raise _no_version(name, version)
                return found[0]
        return self._guard(run)

    def _set_archived(self, name_or_id: str | int, flag: bool) -> None:
        def run():
            with self._writer.begin() as conn:
                sid = self._sid(conn, name_or_id)
                conn.execute(self.t_scn.update().where(self.t_scn.c.id == sid).values(archived=flag))
        self._guard(run)

    def archive(self, name_or_id: str | int) -> None:
        self._set_archived(name_or_id, True)

    def restore(self, name_or_id: str | int) -> None:
        self._set_archived(name_or_id, False)

    def restore_version(self, name_or_id: str | int, version: int, author: str,
                        note: str = "") -> ScenarioRecord:
        old = self.get(name_or_id, version)
        return self.save(old.name, old.scenario, author, restored_note(version, note))


# ------------------------------------------------------------------------------------ opening

def open_store(url: str | None = None) -> tuple[ScenarioStore, str | None]:
    """The configured library, or a session-only MemoryStore and a one-line German notice why."""
    try:
        store = SqlStore(url)
        try:
            store.check_writable()
        except StoreError:
            store.close()
            raise
        return store, None
    except StoreError as exc:
        return MemoryStore(), session_only_notice(exc)


def session_only_notice(exc: StoreError, lang: str = "de") -> str:
    """The one line the app shows when it falls back to session-only scenarios."""
    return text("store.session_only", lang, reason=exc.text(lang).rstrip("."))


# ------------------------------------------------------------------------------------ backup

BACKUP_FORMAT = "kundenwert-szenarien"


def backup(store: ScenarioStore) -> dict:
    """Every scenario with every version (archived ones too), as `scenarios export --all` writes it."""
    out = []
    for rec in store.list(include_archived=True):
        out.append({"name": rec.name, "archived": rec.archived, "versions": [
            {"version": r.version, "author": r.author, "created_at": r.created_at.isoformat(), "note": r.note,
             "scenario": r.scenario.to_dict()} for r in store.versions(rec.id)]})
    return {"format": BACKUP_FORMAT, "format_version": 1, "scenarios": out}


def is_backup(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == BACKUP_FORMAT


def restore_backup(store: ScenarioStore, data: dict, author: str) -> int:
    """Replay a backup into `store`: every version is added (after any versions the name already has),
    with its original author, time and note; archived scenarios are archived again. Returns the number
    of versions added. The whole file is checked before anything is written."""
    items = data.get("scenarios")
    if not isinstance(items, list):
        raise StoreError.keyed("store.backup.scenarios_list")
    plan = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("versions"), list):
            raise StoreError.keyed("store.backup.versions_list", item=i)
        name = item.get("name")
        rows = []
        for j, ver in enumerate(item["versions"], start=1):
            where = Phrase("store.backup.where", {"item": i, "version": j})
            if not isinstance(ver, dict):
                raise StoreError.keyed("store.backup.not_object", where=where)
            try:
                scenario = Scenario.from_dict(ver.get("scenario"))
            except ScenarioError as exc:
                raise _backup_error(where, exc) from None
            try:
                at = datetime.fromisoformat(ver["created_at"]) if ver.get("created_at") else None
            except (TypeError, ValueError):
                raise StoreError.keyed("store.backup.created_at", where=where) from None
            if at is not None and at.tzinfo is None:
                at = at.replace(tzinfo=UTC)
            rows.append((scenario, ver.get("author") or author, ver.get("note") or "", at))
            check_inputs(name, rows[-1][1], rows[-1][2])
        plan.append((name, bool(item.get("archived")), rows))
    added = 0
    for name, archived, rows in plan:
        for scenario, who, note, at in rows:
            store.save(name, scenario, who, note, created_at=at)
            added += 1
        if archived and rows:
            store.archive(name)
    return added


def _backup_error(where: Phrase, exc: ScenarioError) -> StoreError:
    """A scenario error inside a backup: the entry named instead of "Szenario-Datei"."""
    def render(lang: str) -> str:
        why = exc.text(lang).removeprefix(text("scenario.prefix", lang)).removeprefix(":").strip()
        return text("store.backup.scenario", lang, where=where.render(lang), reason=why)
    return _rendered(StoreError, render)
