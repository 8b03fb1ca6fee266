"""The corpus store: analysed articles in a database, one row per article, with its analysis.

A SQLite file by default (``slant-corpus.db``, or ``SLANT_CORPUS_DB``, or ``--db``); a database
URL (``postgresql://user@host/db``) works the same, since everything here is portable
SQLAlchemy Core. Tables:

* ``articles``: one row per distinct article. Its ``id`` is the content hash of the normalised
  text (:attr:`slant.Article.id`), so adding the same article again, from any source, is a
  no-op. The row holds the analysis document (``Analysis.to_dict()``, as JSON text) and the
  columns listed by ``slant corpus list``; row and document are written by one INSERT, so no
  row is ever half written.
* ``failures``: inputs that could not be read or analysed, with the reason (the latest attempt
  per source; a source that is later stored leaves this table).
* ``runs``: one row per ``slant corpus add``: when, what, and how it went.
* ``store_meta``: the store's schema version.

Each batch (its articles and failures) is one transaction. SQLite runs in WAL mode, so a
reader (``slant corpus list``) never waits on the writer and a crash or ``kill -9`` loses at
most the batch in flight; :meth:`Store.known_ids` lets the next run skip what is stored
before analysing it. One process writes at a time: the store is the one writer.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from slant.doc.analysis import Analysis
from slant.errors import ConfigError, SlantError
from slant.settings import get_settings

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# Columns of ``slant corpus list``, in order.
LIST_COLUMNS = ("id", "url", "source", "site", "language", "title", "published", "status")
ANALYSED, NOT_ANALYSED = "analysed", "not analysed"
_IN_CHUNK = 500  # ids per IN (...) query: well under every database's parameter limit

metadata = sa.MetaData()

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False, index=True),  # insertion order
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("site", sa.Text),
    sa.Column("language", sa.String(32)),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(64)),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("run_id", sa.Integer),
    sa.Column("document", sa.Text, nullable=False),
)

failures = sa.Table(
    "failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("run_id", sa.Integer),
)

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(32), nullable=False),  # running (or killed), done, interrupted
    sa.Column("engine", sa.String(32), nullable=False),
    sa.Column("options", sa.Text, nullable=False),  # JSON: inputs, language, limits
    sa.Column("added", sa.Integer, nullable=False, default=0),
    sa.Column("duplicates", sa.Integer, nullable=False, default=0),
    sa.Column("failed", sa.Integer, nullable=False, default=0),
)

store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def article_status(analysis: Analysis) -> str:
    """``analysed`` when the technique models ran on the article; ``not analysed`` when they
    could not (no text, or a language the models do not cover: the notes say which)."""
    return ANALYSED if "techniques" in analysis.article.layers else NOT_ANALYSED


def database_url(target: str | Path | None = None) -> URL:
    """The SQLAlchemy URL of a store: a database URL as given (``postgresql://`` gets an
    installed driver), anything else a SQLite file path. None: the ``corpus_db`` setting."""
    raw = str(target) if target is not None else get_settings().corpus_db
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ConfigError(f"--db {raw!r} is neither a file path nor a database URL ({exc})") from None
    if url.drivername in ("postgres", "postgresql"):  # no driver named: take the one installed
        url = url.set(drivername=f"postgresql+{_postgres_driver()}")
    return url


def _postgres_driver() -> str:
    import importlib.util

    for module, driver in (("psycopg", "psycopg"), ("psycopg2", "psycopg2")):
        if importlib.util.find_spec(module) is not None:
            return driver
    raise ConfigError("a PostgreSQL store needs a driver: pip install 'psycopg[binary]' (or 'slant[postgres]')")


def display_url(url: URL) -> str:
    """The store as a user named it: the file of a SQLite store, else the URL without password."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


@dataclass(frozen=True)
class StoredArticle:
    """One row of ``articles``, without its document."""

    id: str
    url: str | None
    source: str
    site: str | None
    language: str | None
    title: str | None
    published: str | None
    status: str
    added_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in LIST_COLUMNS}, "added_at": self.added_at.isoformat()}


@dataclass(frozen=True)
class SearchPage:
    """One page of :meth:`Store.search`: ``total`` matches in all, ``items`` from ``offset`` on."""

    total: int
    limit: int
    offset: int
    items: list[StoredArticle]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "items": [item.to_dict() for item in self.items]}


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str
    recorded_at: datetime


@dataclass(frozen=True)
class BatchResult:
    added: int  # new articles stored
    duplicates: int  # already in the store (or twice in the batch): nothing written
    failed: int


class Store:
    """A corpus store. ``Store(path_or_url)`` opens (and with ``create=True`` creates) it;
    use it as a context manager or call :meth:`close`."""

    def __init__(self, target: str | Path | None = None, *, create: bool = True) -> None:
        self.url = database_url(target)
        self.name = display_url(self.url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite:
            path = Path(self.url.database or "")
            if not path.exists():
                if not create:
                    raise SlantError(f"no corpus at {path}; create one with `slant corpus add INPUTS... --db {path}`")
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise SlantError(f"cannot create the folder of the corpus {path}: {exc.strerror or exc}") from None
            elif path.is_dir():
                raise SlantError(f"the corpus {path} is a folder; give a file name (e.g. {path / 'corpus.db'})")
        self.engine = self._connect()
        try:
            self._prepare(create)
        except BaseException:
            self.engine.dispose()
            raise

    # -- opening -----------------------------------------------------------------------------
    def _connect(self) -> Engine:
        try:
            if self.is_sqlite:
                engine = sa.create_engine(self.url, connect_args={"timeout": _BUSY_TIMEOUT_SECONDS})
                _sqlite_pragmas(engine)
            else:
                engine = sa.create_engine(self.url, pool_pre_ping=True)
        except (NoSuchModuleError, ModuleNotFoundError) as exc:
            raise ConfigError(f"cannot open the corpus {self.name}: no database driver for it ({exc})") from None
        return engine

    def _prepare(self, create: bool) -> None:
        try:
            with _write_transaction(self.engine) as conn:
                present = set(sa.inspect(conn).get_table_names())
                if "store_meta" not in present:
                    if not create:
                        raise SlantError(f"{self.name} is not a slant corpus (no store_meta table); "
                                         "create one with `slant corpus add`")
                    if present & {"articles", "failures", "runs"}:
                        raise SlantError(f"{self.name} has tables of another program; use another database for the corpus")
                    metadata.create_all(conn)
                    conn.execute(sa.insert(store_meta), [{"key": "schema_version", "value": str(SCHEMA_VERSION)}])
                    return
                version = conn.execute(sa.select(store_meta.c.value).where(store_meta.c.key == "schema_version")).scalar()
        except SQLAlchemyError as exc:
            raise SlantError(f"cannot open the corpus {self.name}: {_reason(exc)}") from None
        if version is None or not str(version).isdigit() or int(version) > SCHEMA_VERSION:
            raise SlantError(f"the corpus {self.name} was written by a newer slant (store schema {version}; "
                             f"this one reads up to {SCHEMA_VERSION}); upgrade slant")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def start_run(self, *, engine: str = "local", options: dict[str, Any] | None = None) -> int:
        with self._begin() as conn:
            result = conn.execute(sa.insert(runs).values(
                started_at=_now(), status="running", engine=engine,
                options=json.dumps(options or {}, ensure_ascii=False, default=str),
                added=0, duplicates=0, failed=0))
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, status: str = "done") -> None:
        with self._begin() as conn:
            conn.execute(sa.update(runs).where(runs.c.id == run_id).values(finished_at=_now(), status=status))

    def write_batch(self, analyses: Sequence[Analysis], failed: Sequence[Any] = (), *,
                    run_id: int | None = None) -> BatchResult:
        """Store a batch in one transaction: each new article with its analysis document, each
        failure (anything with ``source`` and ``error``, e.g. a ReadFailure) with its reason.
        Articles already stored (same id) are left as they are."""
        now = _now()
        rows: dict[str, dict[str, Any]] = {}
        for analysis in analyses:
            article = analysis.article
            if article.id in rows:
                continue
            metadata = article.metadata
            rows[article.id] = {
                "id": article.id, "url": metadata.url, "source": article.source, "site": metadata.site,
                "language": article.language, "title": article.title, "published": metadata.published,
                "status": article_status(analysis), "added_at": now, "run_id": run_id,
                "document": json.dumps(analysis.to_dict(), ensure_ascii=False),
            }
        with self._begin() as conn:
            existing = self._existing(conn, list(rows))
            new = [row for key, row in rows.items() if key not in existing]
            if new:
                start = (conn.execute(sa.select(sa.func.max(articles.c.seq))).scalar() or 0) + 1
                for offset, row in enumerate(new):
                    row["seq"] = start + offset
                conn.execute(sa.insert(articles), new)
                sources = [row["source"] for row in new]
                for chunk in _chunks(sources):
                    conn.execute(sa.delete(failures).where(failures.c.source.in_(chunk)))
            failure_rows = [{"source": item.source, "reason": item.error, "recorded_at": now, "run_id": run_id}
                            for item in failed]
            if failure_rows:
                for chunk in _chunks(list({row["source"] for row in failure_rows})):
                    conn.execute(sa.delete(failures).where(failures.c.source.in_(chunk)))
                conn.execute(sa.insert(failures), failure_rows)
            result = BatchResult(len(new), len(analyses) - len(new), len(failure_rows))
            if run_id is not None:
                conn.execute(sa.update(runs).where(runs.c.id == run_id).values(
                    added=runs.c.added + result.added, duplicates=runs.c.duplicates + result.duplicates,
                    failed=runs.c.failed + result.failed))
        return result

    # -- reading ---------------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` already stored."""
        with self._connection() as conn:
            return self._existing(conn, list(ids))

    def _existing(self, conn: Connection, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(conn.execute(sa.select(articles.c.id).where(articles.c.id.in_(chunk))).scalars())
        return found

    def count(self) -> int:
        with self._connection() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() or 0)

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every stored article in the order it was added, without its document."""
        columns = [articles.c[name] for name in LIST_COLUMNS] + [articles.c.added_at]
        with self._connection() as conn:
            for row in conn.execution_options(yield_per=1000).execute(sa.select(*columns).order_by(articles.c.seq)):
                values = row._asdict()
                values["added_at"] = _aware(values["added_at"])
                yield StoredArticle(**values)

    def search(self, *, text: str | None = None, site: str | None = None, language: str | None = None,
               technique: str | None = None, published_from: str | None = None, published_to: str | None = None,
               status: str | None = None, limit: int = 50, offset: int = 0,
               newest_first: bool = True) -> SearchPage:
        """One page of the stored articles that match every filter given, without documents.

        ``text``: words in the title or the article text (case-insensitive for ASCII letters on
        SQLite); ``site`` and ``language``: exact; ``technique``: a technique of the taxonomy the
        article has findings of; ``published_from`` / ``published_to``: ISO dates (``YYYY-MM-DD``),
        both ends included, compared with the first 10 characters of ``published`` (articles
        without a date are left out when either is given). Text and technique filters read the
        stored documents, so they scan the table."""
        from slant.doc.taxonomy import technique_ids

        if technique is not None and technique not in technique_ids():
            raise SlantError(f"unknown technique {technique!r}; the techniques are: {', '.join(technique_ids())}")
        if limit < 1 or offset < 0:
            raise SlantError(f"limit must be 1 or more and offset 0 or more (got limit {limit}, offset {offset})")
        conditions = []
        if text and text.strip():
            pattern = "%" + _like_escape(text.strip()) + "%"
            conditions.append(sa.or_(articles.c.title.ilike(pattern, escape="\\"),
                                     self._document_field("text").ilike(pattern, escape="\\")))
        if site:
            conditions.append(articles.c.site == site)
        if language:
            conditions.append(articles.c.language == language)
        if status:
            conditions.append(articles.c.status == status)
        if technique:
            # The document is JSON text, and text inside a JSON string never holds a bare quote:
            # this exact key-value pair comes only from a finding (or its summary row).
            literal = json.dumps({"technique": technique}, ensure_ascii=False)[1:-1]
            conditions.append(articles.c.document.like("%" + _like_escape(literal) + "%", escape="\\"))
        day = sa.func.substr(articles.c.published, 1, 10)
        if published_from:
            conditions.append(day >= published_from)
        if published_to:
            conditions.append(day <= published_to)
        columns = [articles.c[name] for name in LIST_COLUMNS] + [articles.c.added_at]
        order = articles.c.seq.desc() if newest_first else articles.c.seq
        with self._connection() as conn:
            total = int(conn.execute(sa.select(sa.func.count()).select_from(articles).where(*conditions)).scalar() or 0)
            rows = conn.execute(sa.select(*columns).where(*conditions).order_by(order).limit(limit).offset(offset))
            items = []
            for row in rows:
                values = row._asdict()
                values["added_at"] = _aware(values["added_at"])
                items.append(StoredArticle(**values))
        return SearchPage(total=total, limit=limit, offset=offset, items=items)

    def _document_field(self, name: str) -> sa.ColumnElement:
        """A top-level string field of the stored document, read by the database's JSON functions."""
        if self.is_sqlite:  # SQLite's json_extract reads JSON text as it is
            return sa.type_coerce(articles.c.document, sa.JSON)[name].as_string()
        return sa.cast(articles.c.document, sa.JSON)[name].as_string()

    def sites(self) -> list[tuple[str, int]]:
        """Every site with stored articles and how many, most first."""
        return self._counts(articles.c.site)

    def languages(self) -> list[tuple[str, int]]:
        """Every language of stored articles and how many, most first."""
        return self._counts(articles.c.language)

    def _counts(self, column: sa.Column) -> list[tuple[str, int]]:
        count = sa.func.count().label("n")
        query = sa.select(column, count).where(column.is_not(None)).group_by(column).order_by(count.desc(), column)
        with self._connection() as conn:
            return [(value, int(n)) for value, n in conn.execute(query)]

    def iter_documents(self) -> Iterator[str]:
        """Every stored analysis document as its JSON text, in the order added."""
        with self._connection() as conn:
            query = sa.select(articles.c.document).order_by(articles.c.seq)
            yield from conn.execution_options(yield_per=200).execute(query).scalars()

    def resolve(self, key: str) -> str:
        """The id of the one stored article whose id is ``key`` or starts with it (4 or more hex digits)."""
        key = key.strip().lower()
        with self._connection() as conn:
            if conn.execute(sa.select(articles.c.id).where(articles.c.id == key)).first():
                return key
            if len(key) < 4:
                raise SlantError(f"no article {key!r} in the corpus {self.name}; give at least 4 characters of its id")
            pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            found = list(conn.execute(
                sa.select(articles.c.id).where(articles.c.id.like(pattern, escape="\\")).limit(3)).scalars())
        if not found:
            raise SlantError(f"no article {key!r} in the corpus {self.name}; `slant corpus list` shows the ids")
        if len(found) > 1:
            raise SlantError(f"{key!r} is the start of several article ids ({', '.join(found)}, …); give more of it")
        return found[0]

    def document_text(self, key: str) -> str:
        """The analysis document (JSON text) of the article ``key`` (an id or its unique start)."""
        article_id = self.resolve(key)
        with self._connection() as conn:
            return conn.execute(sa.select(articles.c.document).where(articles.c.id == article_id)).scalar_one()

    def document(self, key: str) -> dict[str, Any]:
        return json.loads(self.document_text(key))

    def analysis(self, key: str) -> Analysis:
        return Analysis.from_dict(self.document(key))

    def article(self, key: str) -> StoredArticle:
        """The row of the article ``key`` (an id or its unique start), without its document."""
        article_id = self.resolve(key)
        columns = [articles.c[name] for name in LIST_COLUMNS] + [articles.c.added_at]
        with self._connection() as conn:
            values = conn.execute(sa.select(*columns).where(articles.c.id == article_id)).one()._asdict()
        values["added_at"] = _aware(values["added_at"])
        return StoredArticle(**values)

    def job_run(self, job: str) -> dict[str, Any] | None:
        """The run whose options name ``job`` (``{"job": ID, "total": N}``, as `slant serve` starts
        its runs), as a job's state: status, counts and the failures recorded in that run."""
        literal = json.dumps({"job": job}, ensure_ascii=False)[1:-1]
        with self._connection() as conn:
            row = conn.execute(sa.select(runs).where(runs.c.options.like("%" + _like_escape(literal) + "%", escape="\\"))
                               .order_by(runs.c.id.desc()).limit(1)).first()
            if row is None:
                return None
            run = row._asdict()
            failed = conn.execute(sa.select(failures.c.source, failures.c.reason).where(failures.c.run_id == run["id"])
                                  .order_by(failures.c.id).limit(1000)).all()
        try:
            total = json.loads(run["options"]).get("total")
        except (ValueError, AttributeError):
            total = None
        status = {"running": "running", "done": "done"}.get(run["status"], "interrupted")
        return {
            "id": job, "status": status, "total": total,
            "processed": run["added"] + run["duplicates"] + run["failed"], "added": run["added"],
            "skipped": run["duplicates"], "failed": run["failed"],
            "failures": [{"source": source, "error": reason} for source, reason in failed],
            "created_at": _aware(run["started_at"]), "started_at": _aware(run["started_at"]),
            "finished_at": _aware(run["finished_at"]),
            "message": None if status != "interrupted" else f"the run ended as {run['status']}",
        }

    def failures(self) -> list[Failure]:
        with self._connection() as conn:
            query = sa.select(failures.c.source, failures.c.reason, failures.c.recorded_at).order_by(failures.c.id)
            return [Failure(source, reason, _aware(at)) for source, reason, at in conn.execute(query)]

    def runs(self) -> list[dict[str, Any]]:
        with self._connection() as conn:
            return [row._asdict() for row in conn.execute(sa.select(runs).order_by(runs.c.id))]

    # -- plumbing --------------------------------------------------------------------------------
    def _begin(self):
        """A write transaction (on SQLite, BEGIN IMMEDIATE: a second writer waits its turn
        instead of failing when it finds the database changed under its reads)."""
        return _Guard(self, _write_transaction(self.engine))

    def _connection(self):
        return _Guard(self, self.engine.connect())


class _Guard:
    """A connection context whose database errors become one-line :class:`SlantError` messages."""

    def __init__(self, store: Store, context) -> None:
        self.store = store
        self.context = context

    def __enter__(self) -> Connection:
        try:
            return self.context.__enter__()
        except SQLAlchemyError as exc:
            raise SlantError(f"cannot use the corpus {self.store.name}: {_reason(exc)}") from None

    def __exit__(self, exc_type, exc, traceback) -> bool:
        try:
            self.context.__exit__(exc_type, exc, traceback)
        except SQLAlchemyError as error:
            raise SlantError(f"cannot write the corpus {self.store.name}: {_reason(error)}") from None
        if isinstance(exc, SQLAlchemyError):
            raise SlantError(f"corpus {self.store.name}: {_reason(exc)}") from exc
        return False


@contextlib.contextmanager
def _write_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        conn.execution_options(slant_write=True)
        with conn.begin():
            yield conn


def _reason(exc: SQLAlchemyError) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0]
    return str(exc).strip().splitlines()[0]


def _like_escape(value: str) -> str:
    """``value`` as a LIKE pattern that matches it literally (escape character: backslash)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


_BUSY_TIMEOUT_SECONDS = 30


def _enter_wal_mode(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL, waiting as long as the busy timeout for other connections: SQLite
    answers the switch with "database is locked" at once, without its busy handler, while another
    process holds the file's write lock (two `slant corpus add` starting on a new corpus)."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL mode (readers never wait on the writer; a killed writer loses only its open
    transaction), full sync at each commit, and transactions SQLAlchemy begins itself."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below start transactions
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_SECONDS * 1000}")
            _enter_wal_mode(cursor)
            cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("slant_write") else "BEGIN")
