"""Backups restore with every row: the drill in deploy/backup.py, on the run's database engine."""

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import text

from api import create_app, demo
from api.config import TestConfig
from api.db import Base, Session

BACKUP_SCRIPT = Path(__file__).resolve().parent.parent / "deploy" / "backup.py"


@pytest.fixture
def db_session():
    """The drill uses its own database, outside the per-test transaction."""
    yield None


def _backup_module():
    spec = importlib.util.spec_from_file_location("peerway_backup", BACKUP_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_backup_of_the_demo_data_restores_every_row(scratch_database_url, tmp_path):
    app = create_app(TestConfig(database_url=scratch_database_url, instance_path=tmp_path))
    Base.metadata.create_all(app.extensions["engine"])
    with app.app_context():
        Session.configure(bind=app.extensions["engine"])
        demo.seed()
        Session.remove()
    backup = _backup_module()

    counts = backup.verify(scratch_database_url)

    assert counts["members"] >= 4 and counts["check_ins"] > 100 and counts["group_sessions"] > 0
    assert counts == backup.row_counts(scratch_database_url)


def test_restore_refuses_to_overwrite_an_existing_sqlite_file(tmp_path):
    backup = _backup_module()
    target = tmp_path / "live.sqlite3"
    import sqlite3

    with sqlite3.connect(target) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(SystemExit):
        backup.restore(f"sqlite:///{target}", tmp_path / "any.dump")


def test_verify_notices_a_restore_that_lost_rows(scratch_database_url, tmp_path, monkeypatch):
    app = create_app(TestConfig(database_url=scratch_database_url, instance_path=tmp_path))
    engine = app.extensions["engine"]
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id integer)"))
        connection.execute(text("INSERT INTO notes VALUES (1), (2)"))
    backup = _backup_module()
    real_restore = backup.restore

    def lossy_restore(database_url, file):
        real_restore(database_url, file)
        from sqlalchemy import create_engine

        lossy = create_engine(database_url)
        with lossy.begin() as connection:
            connection.execute(text("DELETE FROM notes WHERE id = 2"))
        lossy.dispose()

    monkeypatch.setattr(backup, "restore", lossy_restore)
    with pytest.raises(SystemExit, match="differs"):
        backup.verify(scratch_database_url)
