"""Seed a PostgreSQL scratch database at realistic size and print the plans of the common lists.

    .venv/bin/python bench/explain_plans.py [--groups 100000] [--sessions-per-group 5]

Uses DATABASE_URL's server (default: the local test server) and drops its scratch database after.
It checks that the common filters use indexes: no sequential scan on groups or group_sessions.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid

from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import api.models  # noqa: E402,F401
from api import create_app  # noqa: E402
from api.config import TestConfig  # noqa: E402
from api.db import Base, Session  # noqa: E402
from api.models import Group, GroupSession, Member  # noqa: E402
from api.models.groups import TOPICS  # noqa: E402
from api.services import groups as group_service  # noqa: E402

SERVER = os.environ.get("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WORDS = "recovery alcohol anxiety grief evening morning circle support family hope calm share".split()
# Directory descriptions draw on a wider vocabulary, as real service descriptions do.
VOCABULARY = WORDS + [f"term{index}" for index in range(400)]


def seed(connection, groups: int, per_group: int) -> None:
    now = dt.datetime.now(dt.UTC)
    group_rows, topic_rows, session_rows = [], [], []
    for index in range(groups):
        group_id = uuid.uuid4()
        words = random.sample(WORDS, 4)
        group_rows.append(
            {
                "id": group_id,
                "slug": f"g{index}",
                "name": " ".join(words[:2]).title() + f" {index}",
                "description": " ".join(words) + " peer support",
                "format": random.choice(["online", "in_person", "hybrid"]),
                "language": random.choice(["en", "en", "en", "es", "fr", "de"]),
                "region": random.choice(["GB", "US", "CA", "AU", "IE"]),
                "time_zone": "Europe/London",
                "join_policy": "open",
                "visibility": "public" if index % 10 else "private",
                "is_free": index % 7 != 0,
                "guidelines_version": 1,
                "created_at": now - dt.timedelta(minutes=index),
                "updated_at": now,
            }
        )
        topic_rows.append({"group_id": group_id, "topic": random.choice(TOPICS)})
        for week in range(per_group):
            starts = now + dt.timedelta(days=7 * week - 14, hours=random.randint(0, 160))
            session_rows.append(
                {
                    "id": uuid.uuid4(),
                    "group_id": group_id,
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=1),
                    "time_zone": "Europe/London",
                    "status": "scheduled",
                    "confirmed_count": 0,
                    "is_modified": False,
                    "title": "Meeting",
                    "content_warnings": [],
                    "capacity": 10,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    resource_rows = [
        {
            "id": uuid.uuid4(),
            "name": " ".join(random.sample(WORDS, 3)).title() + f" {index}",
            "kind": random.choice(["helpline", "therapy", "peer_community", "treatment_service", "housing"]),
            "description": " ".join(random.sample(VOCABULARY, 12)) + " service",
            "region": random.choice(["GB", "US", "CA", "AU"]),
            "cost": random.choice(["free", "low", "paid"]),
            "is_online": index % 3 == 0,
            "is_24_7": index % 11 == 0,
            "tags": [],
            "created_at": now,
            "updated_at": now,
        }
        for index in range(groups)
    ]
    for table, rows in (
        ("groups", group_rows),
        ("group_topics", topic_rows),
        ("group_sessions", session_rows),
        ("resources", resource_rows),
    ):
        for start in range(0, len(rows), 5000):
            connection.execute(Base.metadata.tables[table].insert(), rows[start : start + 5000])
    connection.execute(text("ANALYZE"))


def plans(app, member: Member) -> dict[str, str]:
    dialect = "postgresql"
    queries = {}
    visible = group_service.visible_groups_filter(member)
    base = select(Group).where(visible)
    newest = (Group.created_at.desc(), Group.id.desc())
    queries["groups: first page"] = base.order_by(*newest).limit(21)
    for name, filters in {
        "groups: topic": {"topic": "grief"},
        "groups: region + language": {"region": "CA", "language": "fr"},
        "groups: text search": {"q": "grief evening"},
        "groups: has upcoming": {"has_upcoming": True},
    }.items():
        queries[name] = (
            group_service.apply_group_filters(base, filters, member, dialect).order_by(*newest).limit(21)
        )
    upcoming = (
        select(GroupSession)
        .join(Group, GroupSession.group_id == Group.id)
        .where(visible, GroupSession.status == "scheduled", GroupSession.starts_at >= dt.datetime.now(dt.UTC))
        .order_by(GroupSession.starts_at, GroupSession.id)
        .limit(21)
    )
    queries["sessions: upcoming I can see"] = upcoming
    one_group = Session.scalars(select(Group.id).limit(1)).one()
    queries["sessions: one group's window"] = (
        select(GroupSession)
        .where(GroupSession.group_id == one_group, GroupSession.starts_at >= dt.datetime.now(dt.UTC))
        .order_by(GroupSession.starts_at, GroupSession.id)
        .limit(21)
    )
    from api.models.resources import Resource
    from api.services import directory

    listing = directory.apply_filters(select(Resource), {"kind": "helpline", "region": "GB"})
    queries["resources: kind + region by name"] = listing.order_by(Resource.name, Resource.id).limit(21)
    ts_query = func.websearch_to_tsquery("english", "grief support")
    queries["resources: text search"] = (
        directory.apply_filters(select(Resource), {})
        .where(directory.search_vector().op("@@")(ts_query))
        .order_by(func.ts_rank(directory.search_vector(), ts_query).desc(), Resource.id)
        .limit(21)
    )
    connection = Session.connection()
    result = {}
    for name, query in queries.items():
        compiled = query.compile(connection)
        rows = connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            connection.exec_driver_sql(str(compiled), compiled.params).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
        plan = "\n".join(row[0] for row in rows)
        result[name] = f"{plan}\n-- median of 5 runs: {statistics.median(timings):.1f} ms"
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--sessions-per-group", type=int, default=5)
    args = parser.parse_args()
    name = f"peerway_explain_{uuid.uuid4().hex[:8]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    sequential = []
    try:
        app = create_app(TestConfig(database_url=url))
        engine = app.extensions["engine"]
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            seed(connection, args.groups, args.sessions_per_group)
        with app.app_context():
            member = Member(
                id=uuid.uuid4(), email="x@example.org", password_hash="x", display_name="X", time_zone="UTC"
            )
            Session.add(member)
            Session.flush()
            for title, plan in plans(app, member).items():
                print(f"== {title}\n{plan}\n")
                if any(
                    f"Seq Scan on {table}" in plan for table in ("groups ", "group_sessions", "resources ")
                ):
                    sequential.append(title)
            Session.rollback()
        engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
    print("sequential scans on large tables:", sequential or "none")
    return 1 if sequential else 0


if __name__ == "__main__":
    sys.exit(main())
