"""Database engine, session and the declarative base every model derives from."""

import datetime as dt
import uuid

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

# Alembic needs named constraints to drop or alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes in, UTC-aware datetimes out, on SQLite and PostgreSQL alike.

    SQLite hands back naive values, which would leave the API without an RFC 3339 offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime}


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def enum_values(enum_class) -> tuple[str, ...]:
    """The values of a StrEnum, for CHECK constraints: `status IN ('a', 'b')`."""
    return tuple(item.value for item in enum_class)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


# One session per request (thread), removed at app-context teardown.
Session = scoped_session(sessionmaker(expire_on_commit=False))


def make_engine(url: str, pool_size: int = 5, max_overflow: int = 5) -> Engine:
    """Create the engine; SQLite gets WAL, a busy timeout and enforced foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


def _configure_sqlite(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs; SQLAlchemy
    # emits BEGIN itself instead (SQLAlchemy docs, "Serializable isolation / Savepoints").
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(connection) -> None:
    # IMMEDIATE takes the write lock up front: a read-then-write transaction (booking a seat)
    # otherwise fails with SQLITE_BUSY_SNAPSHOT when another worker wrote in between.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def init_app(app) -> None:
    engine = make_engine(
        app.config["DATABASE_URL"], app.config["DATABASE_POOL_SIZE"], app.config["DATABASE_MAX_OVERFLOW"]
    )
    app.extensions["engine"] = engine
    Session.configure(bind=engine)

    @app.teardown_appcontext
    def remove_session(_exc=None):
        try:
            Session.remove()
        except Exception:  # the connection died after the answer was made: keep the answer
            try:
                Session.registry().invalidate()
            finally:
                Session.registry.clear()
