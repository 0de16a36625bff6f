"""Progress for a member with two years of daily check-ins, against a bare endpoint, same run.

    .venv/bin/python bench/progress.py [--days 730] [--requests 200]

Runs in-process (Flask test client) on a scratch database: PostgreSQL at DATABASE_URL's server
when it is PostgreSQL (the default is the local test server), else SQLite. Prints the median and
p95 latency of GET /coaching-plans/{id}/progress and of the public crisis endpoint (no database),
and their ratio.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid

from sqlalchemy import create_engine, text

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import api.models  # noqa: E402,F401
from api import create_app  # noqa: E402
from api.config import TestConfig  # noqa: E402
from api.db import Base, Session  # noqa: E402
from api.models import CheckIn, CoachingPlan, LoginSession, Member  # noqa: E402

SERVER = os.environ.get("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def seed(app, days: int) -> tuple[str, str]:
    from flask_jwt_extended import create_access_token

    with app.app_context():
        member = Member(
            id=uuid.uuid4(),
            email="bench@example.org",
            password_hash="x",
            display_name="Bench",
            time_zone="UTC",
        )
        plan = CoachingPlan(id=uuid.uuid4(), member_id=member.id, title="Two years")
        login = LoginSession(member_id=member.id, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        Session.add_all([member, plan, login])
        Session.flush()
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                "id": uuid.uuid4(),
                "plan_id": plan.id,
                "member_id": member.id,
                "mood": 1 + day % 10,
                "craving": day % 11,
                "note_shared": False,
                "answers": {},
                "risk_flag": False,
                "phq9_total": day % 28 if day % 7 == 0 else None,
                "created_at": now - dt.timedelta(days=day),
            }
            for day in range(days)
        ]
        Session.execute(CheckIn.__table__.insert(), rows)
        Session.commit()
        token = create_access_token(str(member.id), additional_claims={"sid": str(login.id)})
        return str(plan.id), token


def timed(client, url: str, headers: dict, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.json
    return samples


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"median {statistics.median(samples):.2f} ms, p95 {samples[int(len(samples) * 0.95) - 1]:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    name = f"peerway_bench_{uuid.uuid4().hex[:8]}"
    postgres = SERVER.startswith("postgresql")
    if postgres:
        admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite:////tmp/{name}.sqlite3"
    try:
        app = create_app(TestConfig(database_url=url))
        app.config["RATELIMIT_ENABLED"] = False
        app.extensions["limiter"].enabled = False
        Base.metadata.create_all(app.extensions["engine"])
        plan_id, token = seed(app, args.days)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        timed(client, "/api/v1/resources/crisis", {}, 20)  # warm up
        bare = timed(client, "/api/v1/resources/crisis?region=GB", {}, args.requests)
        progress = timed(
            client, f"/api/v1/coaching-plans/{plan_id}/progress?weeks=104", headers, args.requests
        )
        print(
            f"database: {'PostgreSQL' if postgres else 'SQLite'}, {args.days} daily check-ins, "
            f"{args.requests} requests each"
        )
        print(f"bare endpoint (crisis lines, no DB): {summary(bare)}")
        print(f"progress (104 weeks):               {summary(progress)}")
        print(
            f"ratio of medians: {statistics.median(progress) / statistics.median(bare):.1f}x"
            " the bare endpoint"
        )
        app.extensions["engine"].dispose()
    finally:
        if postgres:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
