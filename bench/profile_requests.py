"""Where a request's time goes: the hot endpoints in-process on the bench dataset, no HTTP.

    .venv/bin/python bench/profile_requests.py [--requests 300] [--only groups_list,me]
                                               [--by-package groups_list]

Runs each endpoint through the Flask test client against `peerway_bench` (seed it first with
`make bench-load` or `flask seed-bench --scale 1`) and prints, per request: the process CPU time
spent in Python, the wall time (the difference is mostly waiting on PostgreSQL), the SQL
statements sent, and the ratio of CPU time to the bare endpoint's. Unlike wrk runs, the CPU
column barely moves with what else the machine is doing, so it shows the effect of a change.

`--by-package NAME` profiles one endpoint with cProfile and sums the time spent inside each
library (SQLAlchemy, marshmallow, psycopg, Werkzeug, ...): the first place to look.
"""

import argparse
import collections
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
DATABASE_URL = f"{SERVER}/{os.environ.get('BENCH_DATABASE', 'peerway_bench')}"
BENCH_PASSWORD = "bench-harbour-lantern-2026"

os.environ.update(
    {
        "PEERWAY_ENV": "production",
        "PEERWAY_INSTANCE_PATH": str(Path(tempfile.gettempdir()) / "peerway-profile-instance"),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        # Throwaway keys for this process only: production mode refuses to start without keys.
        "SECRET_KEY": os.urandom(32).hex(),
        "JWT_SECRET_KEY": os.urandom(32).hex(),
        "RATELIMIT_DEFAULT": "10000000 per minute",
        "RATELIMIT_AUTH": "10000000 per minute",
    }
)

import logging  # noqa: E402

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from api import create_app  # noqa: E402


def main() -> None:
    args = _arguments()
    app = create_app()
    logging.getLogger("peerway.requests").setLevel(logging.WARNING)  # one line a request otherwise
    client = app.test_client()
    paths, headers = _requests(client)
    if args.by_package:
        by_package(client, paths[args.by_package], headers, args.requests)
        return
    statements = _count_statements()
    bare_cpu = None
    print(f"{'endpoint':18s} {'cpu ms':>8s} {'wall ms':>8s} {'SQL':>5s} {'cpu/bare':>9s}")
    for name, path in paths.items():
        if args.only and name not in args.only and name != "bare":
            continue
        cpu, wall, count = measure(client, path, headers, args.requests, statements)
        bare_cpu = bare_cpu or cpu
        print(f"{name:18s} {cpu:8.2f} {wall:8.2f} {count:5.1f} {cpu / bare_cpu:9.1f}")


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--only", type=lambda value: set(value.split(",")), default=set())
    parser.add_argument("--by-package")
    return parser.parse_args()


def _requests(client) -> tuple[dict[str, str], dict[str, str]]:
    engine = create_engine(DATABASE_URL)
    with engine.connect() as connection:
        email, plan_id = connection.execute(
            text(
                "SELECT m.email, p.id FROM members m JOIN coaching_plans p ON p.member_id = m.id "
                "ORDER BY length(m.email), m.email LIMIT 1"  # a load generator's member: busy groups
            )
        ).first()
        group_id = connection.execute(
            text("SELECT id FROM groups WHERE visibility = 'public' LIMIT 1")
        ).scalar()
        topic, region = connection.execute(
            text("SELECT t.topic, g.region FROM group_topics t JOIN groups g ON g.id = t.group_id LIMIT 1")
        ).first()
        resource_id = connection.execute(text("SELECT id FROM resources LIMIT 1")).scalar()
        session_id = connection.execute(
            text(
                "SELECT s.id FROM group_sessions s JOIN groups g ON g.id = s.group_id "
                "WHERE g.visibility = 'public' AND s.starts_at > now() LIMIT 1"
            )
        ).scalar()
        # The member's busiest thread, in a group where they may read and write.
        talk_group_id, thread_id = connection.execute(
            text(
                "SELECT t.group_id, t.id FROM threads t JOIN memberships ms ON ms.group_id = t.group_id "
                "JOIN members m ON m.id = ms.member_id WHERE m.email = :e AND ms.status = 'active' "
                "ORDER BY t.reply_count DESC LIMIT 1"
            ),
            {"e": email},
        ).first()
    engine.dispose()
    signed_in = client.post("/api/v1/auth/login", json={"email": email, "password": BENCH_PASSWORD})
    headers = {"Authorization": f"Bearer {signed_in.json['access_token']}"}
    paths = {
        "bare": "/healthz",
        "me": "/api/v1/members/me",
        "groups_list": f"/api/v1/groups?topic={topic}&region={region}&limit=20",
        "group_page": f"/api/v1/groups/{group_id}",
        "sessions_upcoming": "/api/v1/sessions?limit=20",
        "session_page": f"/api/v1/sessions/{session_id}",
        "my_sessions": "/api/v1/members/me/sessions?limit=20",
        "check_ins_list": f"/api/v1/coaching-plans/{plan_id}/check-ins?limit=20",
        "progress": f"/api/v1/coaching-plans/{plan_id}/progress",
        "resource_search": "/api/v1/resources?q=grief&region=GB&limit=20",
        "resource_page": f"/api/v1/resources/{resource_id}",
        "thread_list": f"/api/v1/groups/{talk_group_id}/threads?limit=20",
        "thread_page": f"/api/v1/threads/{thread_id}",
        "thread_posts": f"/api/v1/threads/{thread_id}/posts?limit=20",
    }
    return paths, headers


def _count_statements() -> collections.Counter:
    counter = collections.Counter()

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(*_args, **_kwargs):
        counter["statements"] += 1

    return counter


def measure(client, path, headers, requests, statements) -> tuple[float, float, float]:
    """CPU and wall milliseconds, and SQL statements, per request (after 20 warm-up requests)."""
    for _ in range(20):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code, response.data[:200])
    statements.clear()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        client.get(path, headers=headers)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / requests * 1000, wall / requests * 1000, statements["statements"] / requests


def by_package(client, path, headers, requests) -> None:
    for _ in range(20):
        client.get(path, headers=headers)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests):
        client.get(path, headers=headers)
    profiler.disable()
    totals = collections.Counter()
    for (filename, _line, function), (_cc, _nc, own_time, _cum, _callers) in pstats.Stats(
        profiler
    ).stats.items():
        totals[_package(filename, function)] += own_time
    overall = sum(totals.values())
    print(f"CPU by package for {path} (cProfile adds its own overhead; read the shares):")
    for package, seconds in totals.most_common(15):
        print(f"  {package:40s} {seconds / overall * 100:5.1f} %")


def _package(filename: str, function: str) -> str:
    if match := re.search(r"site-packages/([^/]+)", filename):
        return match.group(1)
    if str(ROOT) in filename:
        return "peerway: " + filename.removeprefix(str(ROOT) + "/")
    return "built-in" if filename == "~" else "standard library"


if __name__ == "__main__":
    main()
