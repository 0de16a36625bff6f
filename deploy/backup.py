"""Back up and restore Peerway's database, and prove a backup restores with every row.

    python deploy/backup.py backup  --database-url URL --file peerway.dump
    python deploy/backup.py restore --database-url URL --file peerway.dump   # into an empty database
    python deploy/backup.py verify  --database-url URL                       # the whole drill

PostgreSQL: `pg_dump --format=custom` (compressed, consistent: one snapshot, no locks that stop
the app) and `pg_restore --no-owner --exit-on-error` into a fresh database. SQLite (the embedded
default): SQLite's online backup API, which copies a consistent snapshot while the app runs.

`verify` restores the latest backup into a fresh scratch database beside the source, compares the
row count of every table with the source and drops the scratch database: run it after every
nightly backup, since a backup nobody restored is a hope, not a backup.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, inspect, text


def backup(database_url: str, file: Path) -> None:
    if _is_sqlite(database_url):
        with sqlite3.connect(_sqlite_path(database_url)) as source, sqlite3.connect(file) as target:
            source.backup(target)
        return
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(file), _libpq_url(database_url)],
        check=True,
    )


def restore(database_url: str, file: Path) -> None:
    """Restore into an empty database (PostgreSQL) or a new file (SQLite)."""
    if _is_sqlite(database_url):
        target = Path(_sqlite_path(database_url))
        if target.exists() and target.stat().st_size:
            raise SystemExit(f"{target} exists: restore into a new file, then swap it in")
        shutil.copyfile(file, target)
        return
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", _libpq_url(database_url), str(file)],
        check=True,
    )


def row_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
                for table in tables
            }
    finally:
        engine.dispose()


def verify(database_url: str) -> dict[str, int]:
    """Back up, restore into a fresh scratch database, and compare every table's row count."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "peerway.dump"
        backup(database_url, file)
        with _scratch_database(database_url, Path(folder)) as scratch_url:
            restore(scratch_url, file)
            source, restored = row_counts(database_url), row_counts(scratch_url)
    if source != restored:
        differences = {
            t: (source.get(t), restored.get(t))
            for t in set(source) | set(restored)
            if source.get(t) != restored.get(t)
        }
        raise SystemExit(f"restored database differs from the source: {differences}")
    return source


class _scratch_database:
    """A new empty database beside `database_url`'s (same server, or a file in `folder`)."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.database_url, self.folder = database_url, folder
        self.name = f"peerway_restore_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        if _is_sqlite(self.database_url):
            return f"sqlite:///{self.folder / (self.name + '.sqlite3')}"
        self._admin(f'CREATE DATABASE "{self.name}"')
        return _with_database(self.database_url, self.name)

    def __exit__(self, *exc) -> None:
        if not _is_sqlite(self.database_url):
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()


def _is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite")


def _sqlite_path(database_url: str) -> str:
    return database_url.split("///", 1)[1]


def _libpq_url(database_url: str) -> str:
    """pg_dump takes a libpq URL: drop SQLAlchemy's driver suffix (postgresql+psycopg://)."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def _with_database(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["backup", "restore", "verify"])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    if args.action in ("backup", "restore") and not args.file:
        parser.error("--file is needed")
    if args.action == "backup":
        backup(args.database_url, args.file)
    elif args.action == "restore":
        restore(args.database_url, args.file)
    else:
        counts = verify(args.database_url)
        print(f"restored {len(counts)} tables, {sum(counts.values()):,} rows: every table's count matches")


if __name__ == "__main__":
    sys.exit(main())
