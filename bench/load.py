"""Load benchmark: gunicorn on PostgreSQL and Redis at national scale, driven by wrk on loopback.

    .venv/bin/python bench/load.py [--workers 4] [--worker-class sync] [--duration 10]
                                   [--connections 32] [--only groups_list,login]

It makes sure two PostgreSQL databases exist and are seeded (`peerway_bench` with
`flask seed-bench --scale 1`, `peerway_bench_empty` at the smallest scale), starts gunicorn on
each in turn, signs bench members in, and runs wrk once per endpoint (10 s, 32 connections) with
a Lua script that cycles through prepared requests. Every endpoint is reported with requests/s,
p50/p95/p99 latency, its throughput as a ratio to the bare JSON endpoint (`/healthz`) measured
in the same run, and its latency against the same endpoint on the near-empty database. Results
are written to bench/RESULTS.md.

Rate limits are raised for the run: one load generator on one address would otherwise be
throttled at 600 requests a minute, and the limiter's Redis round trip is still paid. The same goes
for the per-member post limit (`RATELIMIT_POSTS`, 10 a minute): the reply bench posts a few hundred
times a second as 40 members. Slow mode and daily caps are group settings, not configuration: the
replies go only to groups and threads without them (`bench/load_conversations.py`).

`BENCH_DATABASE` names the full database (default `peerway_bench`; the near-empty one is its name
with `_empty`), so several runs on one server do not share data. With `--only`, the results are
appended to bench/RESULTS.md as a section of their own instead of replacing the full table.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from load_conversations import (
    LOAD_MEMBER_ORDER,
    add_conversation_requests,
    conversation_ids,
    ensure_conversations,
)
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
FULL = os.environ.get("BENCH_DATABASE", "peerway_bench")
EMPTY = f"{FULL}_empty"
PORT = 8590
BASE = f"http://127.0.0.1:{PORT}"
CLINIC_NAME = "Bench Clinic"
BENCH_PASSWORD = "bench-harbour-lantern-2026"
COACHEES_FROM = 700  # bench members from this index have a coaching plan (see api/bench_seed.py)


@dataclass
class Prepared:
    """Request lists per endpoint, built from one database's ids and fresh tokens."""

    requests: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Measured:
    name: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


def main() -> None:
    args = _arguments()
    for database, scale in ((FULL, "1"), (EMPTY, "0.001")):
        ensure_seeded(database, scale)
    results: dict[str, dict[str, Measured]] = {}
    for database in (EMPTY, FULL):
        with gunicorn(database, args.workers, args.worker_class):
            prepared = prepare(database)
            names = [
                name for name in prepared.requests if not args.only or name in args.only or name == "bare"
            ]
            results[database] = run_all(prepared, names, args)
    report = render(results, args)
    _write_results(report, partial=bool(args.only))
    print(report)


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", type=lambda value: set(value.split(",")), default=set())
    return parser.parse_args()


# --- Databases ---------------------------------------------------------------------------


def ensure_seeded(database: str, scale: str) -> None:
    """Create, migrate and seed `database` unless it already holds the bench dataset."""
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    engine = create_engine(f"{SERVER}/{database}")
    with engine.connect() as connection:
        has_table = connection.execute(text("SELECT to_regclass('members') IS NOT NULL")).scalar()
        has_members = has_table and connection.execute(text("SELECT EXISTS (SELECT 1 FROM members)")).scalar()
    env = _app_env(database)
    # Always: a database seeded by an earlier version gets the tables added since.
    subprocess.run([str(VENV_BIN / "flask"), "db", "upgrade"], env=env, check=True, cwd=ROOT)
    if has_members:
        ensure_conversations(engine)  # seeded before group conversations existed
        engine.dispose()
        return
    engine.dispose()
    print(f"seeding {database} at scale {scale} ...", flush=True)
    subprocess.run(
        [str(VENV_BIN / "flask"), "seed-bench", "--scale", scale, "--yes"], env=env, check=True, cwd=ROOT
    )


def _app_env(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "api:create_app",
        "PEERWAY_ENV": "production",
        "PEERWAY_INSTANCE_PATH": tempfile.gettempdir() + "/peerway-bench-instance",
        "DATABASE_URL": f"{SERVER}/{database}",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": _run_secret("SECRET_KEY"),
        "JWT_SECRET_KEY": _run_secret("JWT_SECRET_KEY"),
        "RATELIMIT_DEFAULT": "10000000 per minute",
        "RATELIMIT_AUTH": "10000000 per minute",
        "RATELIMIT_POSTS": "10000000 per minute",
    }


_SECRETS: dict[str, str] = {}


def _run_secret(name: str) -> str:
    return _SECRETS.setdefault(name, secrets.token_urlsafe(48))


# --- The server --------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(database: str, workers: int, worker_class: str):
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        "4" if worker_class == "gthread" else "1",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--no-control-socket",
        "--log-level",
        "warning",
        "api:create_app()",
    ]
    env = {**_app_env(database), "PYTHONUNBUFFERED": "1"}
    log = open(Path(tempfile.gettempdir()) / "peerway-bench-gunicorn.log", "a")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        _wait_ready()
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _wait_ready() -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{BASE}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready")


# --- Requests ----------------------------------------------------------------------------


def prepare(database: str) -> Prepared:
    engine = create_engine(f"{SERVER}/{database}")
    with engine.begin() as connection:
        ids = _ids(connection)
        clinic_secret = _bench_clinic(connection, ids["coachee_ids"][:100])
    engine.dispose()
    tokens = [_sign_in(index) for index in ids["coachee_indexes"][:40]]
    auth = [{"Authorization": f"Bearer {token}"} for token in tokens]
    clinic = {"Authorization": f"Bearer {_clinic_token(clinic_secret)}"}
    patients = _patients(clinic)
    json_headers = [{**headers, "Content-Type": "application/json"} for headers in auth]
    plans, sessions = ids["plans"], ids["bookable"]
    prepared = Prepared()
    add = prepared.requests.setdefault

    def get(name, paths, headers=None):
        add(name, []).extend(
            {"method": "GET", "path": path, "headers": (headers or auth)[index % len(headers or auth)]}
            for index, path in enumerate(paths)
        )

    get("bare", ["/healthz"], [{}])
    get("groups_list", [f"/api/v1/groups?topic={t}&region={r}&limit=20" for t, r in ids["group_filters"]])
    get("group_page", [f"/api/v1/groups/{group_id}" for group_id in ids["groups"]])
    get("sessions_upcoming", ["/api/v1/sessions?limit=20"])
    add("session_page", []).extend(
        {"method": "GET", "path": f"/api/v1/sessions/{session_id}", "headers": auth[index]}
        for index, session_id in sessions[:200]
    )
    get("my_sessions", ["/api/v1/members/me/sessions?limit=20"])
    get("check_ins_list", [f"/api/v1/coaching-plans/{plan_id}/check-ins?limit=20" for plan_id in plans])
    get("progress", [f"/api/v1/coaching-plans/{plan_id}/progress" for plan_id in plans])
    get(
        "resource_search",
        [f"/api/v1/resources?q={q}&region=GB&limit=20" for q in ("calm", "grief", "family")],
    )
    get("resource_page", [f"/api/v1/resources/{resource_id}" for resource_id in ids["resources"]])
    add_conversation_requests(add, ids["conversations"], auth, json_headers)
    for index, plan_id in enumerate(plans):
        add("check_in", []).append(
            {
                "method": "POST",
                "path": f"/api/v1/coaching-plans/{plan_id}/check-ins",
                "headers": json_headers[index % len(json_headers)],
                "body": json.dumps({"mood": 6, "craving": 2}),
            }
        )
    # RSVP then cancel: every booking is undone later in the list, and each thread owns whole
    # pairs (see the Lua script), so no request meets a state another one left half-way.
    bookings = [(json_headers[index], session_id) for index, session_id in sessions[:200]]
    bookings = bookings[: len(bookings) - len(bookings) % 2]  # even: a pair's two halves share a thread
    add("rsvp_cancel", []).extend(
        [
            {"method": "PUT", "path": f"/api/v1/sessions/{s}/rsvp", "headers": h, "body": "{}"}
            for h, s in bookings
        ]
        + [{"method": "DELETE", "path": f"/api/v1/sessions/{s}/rsvp", "headers": h} for h, s in bookings]
    )
    add("login", []).extend(
        {
            "method": "POST",
            "path": "/api/v1/auth/login",
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"email": f"bench{index}@bench.peerway.test", "password": BENCH_PASSWORD}),
        }
        for index in ids["coachee_indexes"][:40]
    )
    get("clinic_members", ["/api/v1/clinic/members?limit=20"], [clinic])
    get("clinic_check_ins", [f"/api/v1/clinic/members/{p}/check-ins?limit=20" for p in patients], [clinic])
    get("clinic_fhir", [f"/api/v1/clinic/members/{p}/fhir?days=30" for p in patients[:20]], [clinic])
    return prepared


def _ids(connection) -> dict:
    coachees = connection.execute(
        text(
            "SELECT m.id, m.email, p.id FROM members m JOIN coaching_plans p ON p.member_id = m.id "
            f"{LOAD_MEMBER_ORDER} LIMIT 100"
        )
    ).all()
    coachee_indexes = [int(email.split("@")[0].removeprefix("bench")) for _, email, _ in coachees[:40]]
    signed_in = [member_id for member_id, _, _ in coachees[:40]]
    # For each signed-in member, five upcoming sessions in groups they belong to: 200 bookings,
    # so a booking and its cancellation are far apart in the list (wrk keeps 32 in flight).
    bookable = connection.execute(
        text(
            "SELECT member_id, session_id FROM (SELECT ms.member_id, s.id AS session_id, row_number() OVER "
            "(PARTITION BY ms.member_id ORDER BY s.starts_at) AS n FROM memberships ms "
            "JOIN group_sessions s ON s.group_id = ms.group_id AND s.starts_at > now() + interval '1 day' "
            "WHERE ms.member_id = ANY(:members)) ranked WHERE n <= 5 ORDER BY n, member_id"
        ),
        {"members": signed_in},
    ).all()
    index_of = {member_id: index for index, member_id in enumerate(signed_in)}
    return {
        "coachee_ids": [member_id for member_id, _, _ in coachees],
        "coachee_indexes": coachee_indexes,
        "plans": [plan_id for _, _, plan_id in coachees[:40]],
        "bookable": [(index_of[member_id], session_id) for member_id, session_id in bookable],
        "groups": connection.execute(text("SELECT id FROM groups WHERE visibility = 'public' LIMIT 200"))
        .scalars()
        .all(),
        "group_filters": connection.execute(
            text(
                "SELECT DISTINCT t.topic, g.region FROM group_topics t "
                "JOIN groups g ON g.id = t.group_id LIMIT 20"
            )
        ).all(),
        "resources": connection.execute(text("SELECT id FROM resources LIMIT 200")).scalars().all(),
        "conversations": conversation_ids(connection, signed_in),
    }


def _bench_clinic(connection, member_ids) -> str:
    """A clinic, a client with a known secret, and consents from `member_ids` (made once)."""
    import hashlib

    secret = "pws_bench_" + secrets.token_urlsafe(24)
    clinic_id = connection.execute(
        text("SELECT id FROM clinics WHERE name = :n"), {"n": CLINIC_NAME}
    ).scalar()
    now = dt.datetime.now(dt.UTC)
    if clinic_id is None:
        clinic_id = uuid.uuid4()
        connection.execute(
            text("INSERT INTO clinics (id, name, created_at, updated_at) VALUES (:id, :n, :t, :t)"),
            {"id": clinic_id, "n": CLINIC_NAME, "t": now},
        )
        scopes = json.dumps(["members:read", "plans:read", "checkins:read", "attendance:read"])
        for member_id in member_ids:
            values = {"c": clinic_id, "m": member_id, "t": now}
            connection.execute(
                text(
                    "INSERT INTO clinic_patients (id, clinic_id, member_id, created_at) "
                    "VALUES (:p, :c, :m, :t)"
                ),
                {**values, "p": uuid.uuid4()},
            )
            connection.execute(
                text(
                    "INSERT INTO consents (id, member_id, clinic_id, status, scopes, purpose, discloser, "
                    "expires_at,"
                    " right_to_revoke_acknowledged, signed_at, created_at) VALUES (:id, :m, :c, 'active', :s,"
                    " 'Benchmark', 'Peerway', :e, true, :t, :t)"
                ),
                {**values, "id": uuid.uuid4(), "s": scopes, "e": now + dt.timedelta(days=365)},
            )
    connection.execute(text("DELETE FROM clinic_clients WHERE clinic_id = :c"), {"c": clinic_id})
    connection.execute(
        text(
            "INSERT INTO clinic_clients (id, clinic_id, client_id, secret_hash, label, allowed_scopes, "
            "created_at,"
            " secret_rotated_at) VALUES (:id, :c, 'pwc_bench', :h, 'bench', :s, :t, :t)"
        ),
        {
            "id": uuid.uuid4(),
            "c": clinic_id,
            "h": hashlib.sha256(secret.encode()).hexdigest(),
            "t": now,
            "s": json.dumps(["members:read", "plans:read", "checkins:read", "attendance:read"]),
        },
    )
    return secret


def _sign_in(index: int) -> str:
    body = {"email": f"bench{index}@bench.peerway.test", "password": BENCH_PASSWORD}
    response = requests.post(f"{BASE}/api/v1/auth/login", json=body, timeout=10)
    response.raise_for_status()
    return response.json()["access_token"]


def _clinic_token(secret: str) -> str:
    response = requests.post(
        f"{BASE}/api/v1/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("pwc_bench", secret),
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["access_token"]


def _patients(clinic_headers) -> list[str]:
    response = requests.get(f"{BASE}/api/v1/clinic/members?limit=100", headers=clinic_headers, timeout=10)
    response.raise_for_status()
    return [item["id"] for item in response.json()["items"]]


# --- wrk ---------------------------------------------------------------------------------

LUA = """
local requests = %(requests)s
local thread_count = %(threads)d
local threads_set_up = 0
local position = 0

local threads = {}

-- `thread:set` makes a global in the thread's own Lua state; a chunk-level local of the same
-- name would shadow it there, and every thread would then start at position 0.
function setup(thread)
  thread:set("my_thread_index", threads_set_up)
  threads_set_up = threads_set_up + 1
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function init(args)
  position = my_thread_index
end

-- Each thread takes every thread_count-th request, so write pairs never cross threads.
function request()
  local r = requests[(position %% #requests) + 1]
  position = position + thread_count
  return wrk.format(r.method, r.path, r.headers, r.body)
end

function done(summary, latency, requests)
  local codes = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      codes[#codes + 1] = string.format("\\"%%d\\": %%d", status, count)
    end
  end
  io.write("STATUSES {" .. table.concat(codes, ", ") .. "}\\n")
  io.write(string.format(
    "RESULT {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50\\": %%d, \\"p95\\": %%d, \\"p99\\": %%d, " ..
    "\\"non_2xx\\": %%d, \\"socket_errors\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run_all(prepared: Prepared, names: list[str], args) -> dict[str, Measured]:
    measured = {}
    bare_runs = []
    for name in names:
        if name == "bare":
            continue
        # The bare endpoint is measured between endpoints, so drift in the machine's load shows.
        bare_runs.append(run_wrk("bare", prepared.requests["bare"], args))
        measured[name] = run_wrk(name, prepared.requests[name], args)
        print(f"  {name}: {measured[name].requests_per_second:.0f} req/s", flush=True)
    bare_runs.append(run_wrk("bare", prepared.requests["bare"], args))
    measured["bare"] = Measured(
        "bare",
        sum(run.requests_per_second for run in bare_runs) / len(bare_runs),
        *(
            sorted(getattr(run, key) for run in bare_runs)[len(bare_runs) // 2]
            for key in ("p50_ms", "p95_ms", "p99_ms")
        ),
        sum(run.non_2xx for run in bare_runs),
        sum(run.socket_errors for run in bare_runs),
    )
    return measured


def run_wrk(name: str, request_list: list[dict], args) -> Measured:
    threads = 2
    lua = LUA % {"requests": _lua_table(request_list), "threads": threads}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    duration = max(3, args.duration // 3) if name == "bare" else args.duration
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(args.connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            BASE,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    result = json.loads(next(line for line in output.splitlines() if line.startswith("RESULT "))[7:])
    statuses = next(line for line in output.splitlines() if line.startswith("STATUSES "))[9:]
    if result["non_2xx"]:
        print(f"  {name}: status codes {statuses}", flush=True)
    seconds = result["duration_us"] / 1e6
    return Measured(
        name,
        result["requests"] / seconds,
        result["p50"] / 1000,
        result["p95"] / 1000,
        result["p99"] / 1000,
        result["non_2xx"],
        result["socket_errors"],
    )


def _lua_table(request_list: list[dict]) -> str:
    def quote(value: str) -> str:
        return json.dumps(value)  # JSON string literals are valid Lua string literals here

    rows = []
    for request in request_list:
        headers = ", ".join(f"[{quote(k)}] = {quote(v)}" for k, v in request.get("headers", {}).items())
        body = quote(request["body"]) if request.get("body") else "nil"
        rows.append(
            f"{{method = {quote(request['method'])}, path = {quote(request['path'])}, "
            f"headers = {{{headers}}}, body = {body}}}"
        )
    return "{\n" + ",\n".join(rows) + "\n}"


# --- Report ------------------------------------------------------------------------------


def _write_results(report: str, partial: bool) -> None:
    """Replace the full load table (the file's first section), or append a partial run's section;
    the other benchmarks' sections (from "## ") stay."""
    path = ROOT / "bench" / "RESULTS.md"
    existing = path.read_text() if path.exists() else ""
    if partial:
        section = report.replace("# Load benchmark results", "## Load benchmark, a subset of endpoints", 1)
        path.write_text(existing.rstrip("\n") + "\n\n" + section)
        return
    _, heading, rest = existing.partition("\n## ")
    path.write_text(report + ("\n## " + rest if heading else ""))


def render(results: dict[str, dict[str, Measured]], args) -> str:
    full, empty = results[FULL], results.get(EMPTY, {})
    bare = full["bare"].requests_per_second
    lines = [
        "# Load benchmark results",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `bench/load.py --workers {args.workers} "
        f"--worker-class {args.worker_class} --duration {args.duration} --connections {args.connections}`.",
        "",
        "Machine: " + _machine(),
        "",
        f"Dataset `{FULL}`: " + _dataset(FULL) + f". Near-empty `{EMPTY}`: " + _dataset(EMPTY) + ".",
        "",
        f"Bare JSON endpoint (`/healthz`, same app, same limiter): {bare:,.0f} req/s on the full dataset's "
        f"server (mean of runs between endpoints), p99 {full['bare'].p99_ms:.1f} ms.",
        "",
        "| endpoint | req/s | ratio to bare | p50 ms | p95 ms | p99 ms | p50 empty DB ms | full/empty p50 "
        "| non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in full.items():
        if name == "bare":
            continue
        base = empty.get(name)
        growth = f"{result.p50_ms / base.p50_ms:.2f}" if base and base.p50_ms else "–"
        lines.append(
            f"| {name} | {result.requests_per_second:,.0f} | {result.requests_per_second / bare:.2f} | "
            f"{result.p50_ms:.1f} | {result.p95_ms:.1f} | {result.p99_ms:.1f} | "
            f"{base.p50_ms if base else float('nan'):.1f} | {growth} | "
            f"{result.non_2xx + result.socket_errors} |"
        )
    lines += [
        "",
        "What these numbers mean against the targets, and where the time goes: `bench/README.md`",
        '("Targets"), with in-process CPU per request from `bench/profile_requests.py`.',
    ]
    return "\n".join(lines) + "\n"


def _machine() -> str:
    cores = os.cpu_count()
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    load = os.getloadavg()[0]
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{cores} cores{memory}, {platform.platform()}, Python {platform.python_version()}, {postgres}, "
        f"wrk and gunicorn on the same cores as PostgreSQL and Redis; load average {load:.1f} at the end"
    )


def _dataset(database: str) -> str:
    engine = create_engine(f"{SERVER}/{database}")
    with engine.connect() as connection:
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in (
                "members",
                "groups",
                "group_sessions",
                "rsvps",
                "check_ins",
                "resources",
                "threads",
                "posts",
            )
        }
    engine.dispose()
    return ", ".join(f"{count:,} {table}" for table, count in counts.items())


if __name__ == "__main__":
    sys.exit(main())
