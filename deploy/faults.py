#!/usr/bin/env python3
"""Faults under load, with real processes: `.venv/bin/python deploy/faults.py`.

Starts a private PostgreSQL 15 cluster (port 5499, data in /tmp/peerway-faults) and a private
Redis (port 6399), migrates a database on it and starts one gunicorn instance (2 sync workers,
PEERWAY_ENV=production, keys generated for this run). Members sign in and get a coaching plan;
then 10 client threads read (GET /members/me, GET /coaching-plans/{id}/check-ins) and write
(POST /coaching-plans/{id}/check-ins, one Idempotency-Key per intended write) while:

  A. PostgreSQL is restarted (`pg_ctl restart -m fast`) mid-load;
  B. a gunicorn worker is SIGKILLed mid-request, twice, 3 s apart;
  C. Redis is stopped mid-load and started again;
  D. the database turns read-only (default_transaction_read_only, backends terminated), then
     writable again (run before C).

Every failed write is retried with its own key (after the app's claim lease where the first
attempt left its key claimed), and the database is checked: each intended write exists exactly
once, nothing else was written. Prints a report, writes deploy/FAULTS.md and exits non-zero if a
check fails. The shared PostgreSQL (5432) and Redis (6379) are never touched; everything this
starts is stopped at the end, on failure and on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import scaleout  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
RUN_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "peerway-faults"
DATABASE = "peerway_faults"
PASSWORD = "harbour-lantern-quiet-7391"
THREADS = 10
LEASE_SECONDS = 120  # api/config.py IDEMPOTENCY_CLAIM_LEASE
READS_AND_WRITES = (("write", 0.4), ("me", 0.3), ("list", 0.3))
SHARED_PORTS = (5432, 6379)


# -- private services ----------------------------------------------------------------------------


def as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PrivatePostgres:
    """A throwaway cluster of this script's own; restarting it affects nobody else."""

    def __init__(self, run_dir: Path, port: int) -> None:
        assert port not in SHARED_PORTS
        self.port = port
        self.data = run_dir / "pg"
        self.sockets = run_dir / "pg-run"
        self.log = run_dir / "logs" / "postgresql.log"
        self.options = f"-p {port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=60"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        argv = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args]
        result = subprocess.run(as_postgres(argv), capture_output=True, text=True, timeout=90)
        if check and result.returncode != 0:
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result

    def init(self) -> None:
        for path in (self.data, self.sockets):
            path.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.log, "postgres", "postgres")
        argv = [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        argv += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        result = subprocess.run(as_postgres(argv), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def start(self) -> None:
        self.pg_ctl("-o", self.options, "-l", str(self.log), "-w", "-t", "60", "start")

    def restart(self) -> None:
        self.pg_ctl("-o", self.options, "-l", str(self.log), "-m", "fast", "-w", "-t", "60", "restart")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def stop(self) -> None:
        if self.data.exists() and self.running():
            if self.pg_ctl("-m", "fast", "-w", "-t", "20", "stop", check=False).returncode != 0:
                self.pg_ctl("-m", "immediate", "-w", "stop", check=False)

    def version(self) -> str:
        out = subprocess.run([str(PG_BIN / "postgres"), "--version"], capture_output=True, text=True)
        return out.stdout.strip().replace("postgres (PostgreSQL) ", "")


class PrivateRedis:
    """redis-server as a child process: no persistence, its own port."""

    def __init__(self, run_dir: Path, port: int) -> None:
        assert port not in SHARED_PORTS
        self.port = port
        self.dir = run_dir / "redis"
        self.log = run_dir / "logs" / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        argv = [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(self.port)]
        argv += ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.dir)]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited; see {self.log}")
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer")

    def ping(self) -> bool:
        from redis import Redis

        try:
            return bool(Redis.from_url(self.url, socket_connect_timeout=0.3, socket_timeout=0.3).ping())
        except Exception:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def info(self) -> dict:
        from redis import Redis

        return Redis.from_url(self.url).info("server")

    def keys(self) -> int:
        from redis import Redis

        return Redis.from_url(self.url).dbsize()


# -- HTTP -----------------------------------------------------------------------------------------


class Client:
    """One simulated client (one thread): a requests session against the instance."""

    def __init__(self, base: str) -> None:
        import requests

        self.base = base
        self.http = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, body=None, headers=None, timeout=15):
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        return self.http.request(method, self.base + path, data=data, headers=all_headers, timeout=timeout)


EXPECTED_2XX_FIELD = {"write": "id", "me": "id", "list": "items", "login": "access_token"}


def classify(kind: str, response) -> str:
    """`ok`, `503 database-unavailable`, `<status> <problem type>`, or `malformed ...`."""
    code = response.status_code
    if 200 <= code < 300:
        try:
            body = response.json()
        except ValueError:
            return f"malformed {code} (not JSON)"
        return (
            "ok" if EXPECTED_2XX_FIELD[kind] in body else f"malformed {code} (no {EXPECTED_2XX_FIELD[kind]})"
        )
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if media_type != "application/problem+json":
        return f"malformed {code} ({media_type or 'no content type'})"
    try:
        body = response.json()
    except ValueError:
        return f"malformed {code} (problem not JSON)"
    if not {"type", "title", "status", "detail"} <= set(body) or body["status"] != code:
        return f"malformed {code} (incomplete problem)"
    slug = str(body["type"]).rsplit("/", 1)[-1]
    if code == 503 and slug == "database-unavailable":
        retry_after = response.headers.get("Retry-After", "")
        if not retry_after.isdigit() or int(retry_after) <= 0:
            return "malformed 503 (no Retry-After)"
    return f"{code} {slug}"


@dataclass
class Member:
    index: int
    email: str
    id: str = ""
    token: str = ""
    plan: str = ""


@dataclass
class Intent:
    """One intended check-in: its key and exact body, and what became of it."""

    key: str
    scenario: str
    member: Member
    body: bytes
    first: str = ""  # verdict of the first attempt
    acked_id: str | None = None
    retry_id: str | None = None
    outcome: str = ""  # of the retries
    retries: int = 0
    state: str = ""  # of its claim and check-in right after the fault, before any retry


@dataclass
class Sample:
    kind: str
    sent: float
    done: float
    status: int | None
    verdict: str
    key: str | None = None


# -- the report -----------------------------------------------------------------------------------


@dataclass
class Report:
    sections: list[tuple[str, bool, list[str]]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def section(self, title: str, ok: bool, lines: list[str]) -> None:
        self.sections.append((title, ok, lines))
        print(f"\n## {title}: {'PASS' if ok else 'FAIL'}", flush=True)
        for line in lines:
            print(f"  {line}", flush=True)
        if not ok:
            self.failed.append(title)


def check(lines: list[str], condition: bool, text: str) -> bool:
    lines.append(f"[{'ok' if condition else 'FAILED'}] {text}")
    return bool(condition)


def histogram(samples: list[Sample]) -> str:
    counts = collections.Counter(_bucket(s) for s in samples)
    return ", ".join(f"{name} x{count}" for name, count in sorted(counts.items(), key=lambda kv: -kv[1]))


def _bucket(sample: Sample) -> str:
    if sample.verdict == "ok":
        return str(sample.status)
    if sample.status is None:
        return sample.verdict  # a connection error
    return sample.verdict if sample.verdict.startswith("malformed") else f"{sample.verdict}"


def per_second(samples: list[Sample]) -> list[str]:
    """Status codes per second of completion; runs of all-2xx seconds are folded together."""
    seconds = collections.defaultdict(collections.Counter)
    for sample in samples:
        seconds[int(sample.done)][_bucket(sample)] += 1
    lines: list[str] = []
    run_start, run_count = None, 0
    last = max(seconds) if seconds else -1

    def flush(end: int) -> None:
        nonlocal run_start, run_count
        if run_start is not None:
            span = f"{run_start}" if run_start == end else f"{run_start}-{end}"
            lines.append(f"t={span} s: 2xx x{run_count}")
        run_start, run_count = None, 0

    for second in range(0, last + 1):
        counts = seconds.get(second, collections.Counter())
        only_ok = counts and all(name.isdigit() and name.startswith("2") for name in counts)
        if only_ok:
            run_start = second if run_start is None else run_start
            run_count += sum(counts.values())
            continue
        flush(second - 1)
        described = ", ".join(f"{name} x{count}" for name, count in sorted(counts.items())) or "nothing"
        lines.append(f"t={second} s: {described}")
    flush(last)
    return lines


# -- the harness ----------------------------------------------------------------------------------


class Harness:
    def __init__(self, pg_port: int, redis_port: int, port: int) -> None:
        self.run_dir = RUN_DIR
        self.pg = PrivatePostgres(self.run_dir, pg_port)
        self.redis = PrivateRedis(self.run_dir, redis_port)
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.database_url = self.pg.url(DATABASE)
        self.app_proc: scaleout.Proc | None = None
        self.master_pid = 0
        self.members: list[Member] = []
        self.spare: Member | None = None  # not in the load: its failed sign-ins are counted in C
        self.scenario_failed: dict[str, list[Intent]] = {}
        self.intents: dict[str, Intent] = {}
        self.lock = threading.Lock()
        self.env = self._environment()

    def _environment(self) -> dict[str, str]:
        env = scaleout.deployment_environment(self.database_url, self.redis.url, self.base, self.run_dir)
        env.update(
            {
                # The load is not what is limited here; sign-in failures per account still are.
                "RATELIMIT_DEFAULT": "100000 per minute",
                "RATELIMIT_AUTH": "10000 per minute",
                "RATELIMIT_FAILED_LOGIN_ADDRESS": "10000 per 15 minutes",
                "ACCESS_TOKEN_MINUTES": "60",
            }
        )
        return env

    # -- life cycle -----------------------------------------------------------------------------

    def clean_previous_run(self) -> None:
        """A previous run killed without its teardown may have left its cluster running."""
        if self.pg.data.exists() and self.pg.running():
            print("Stopping a private cluster left by a previous run...", flush=True)
            self.pg.stop()
        if self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        for sub in ("logs", "instance"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.run_dir, "root", "root")
            os.chmod(self.run_dir, 0o755)

    def start(self) -> None:
        for port in (self.pg.port, self.redis.port, self.port):
            if scaleout._port_in_use(port):
                raise SystemExit(f"port {port} is in use: choose another (see --help)")
        self.pg.init()
        self.pg.start()
        self.redis.start()
        import psycopg

        with psycopg.connect(self.pg.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        result = subprocess.run(
            [scaleout.bin_path("flask"), "db", "upgrade"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed:\n{result.stdout}{result.stderr}")
        self.start_app()

    def start_app(self) -> None:
        log = str(self.run_dir / "logs" / "gunicorn.log")
        argv = [
            scaleout.bin_path("gunicorn"),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", "2",
            "--worker-class", "sync",
            "--timeout", "30",
            "--graceful-timeout", "10",
            "--access-logfile", "-",
            "--access-logformat", scaleout.ACCESS_LOG_FORMAT,
            "--log-level", "info",
            "--no-control-socket",
            "api:create_app()",
        ]  # fmt: skip
        proc = scaleout.Proc(
            name=f"gunicorn:{self.port}", kind="gunicorn", argv=argv, log=log, port=self.port
        )
        with open(log, "ab") as out:
            child = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc.pid = child.pid
        self.app_proc, self.master_pid = proc, child.pid
        scaleout.wait_ready(self.base, proc, timeout=60)

    def stop(self) -> None:
        if self.app_proc is not None:
            scaleout.stop_procs([self.app_proc], timeout=15)
            self.app_proc = None
        self.redis.stop()
        self.pg.stop()
        if self.pg.data.exists() and not self.pg.running():
            shutil.rmtree(self.pg.data, ignore_errors=True)  # the logs stay in RUN_DIR/logs

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["ps", "--ppid", str(self.master_pid), "-o", "pid="], capture_output=True, text=True
        )
        return [int(pid) for pid in out.stdout.split()]

    def master_alive(self) -> bool:
        try:
            os.kill(self.master_pid, 0)
            return True
        except ProcessLookupError:
            return False

    # -- database -------------------------------------------------------------------------------

    def sql(self, query: str, *params):
        import psycopg

        with psycopg.connect(scaleout.psycopg_url(self.database_url)) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def admin_sql(self, query: str) -> None:
        import psycopg

        with psycopg.connect(self.pg.admin_url, autocommit=True) as conn:
            conn.execute(query)

    def terminate_app_backends(self) -> int:
        import psycopg

        with psycopg.connect(self.pg.admin_url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (DATABASE,),
            ).fetchall()
        return len(rows)

    # -- members ---------------------------------------------------------------------------------

    def sign_up(self, count: int) -> None:
        run = uuid.uuid4().hex[:6]
        client = Client(self.base)
        for index in range(count + 1):
            member = Member(index, f"faults{index}-{run}@example.org")
            response = client.call(
                "POST",
                "/api/v1/auth/register",
                body={
                    "email": member.email,
                    "password": PASSWORD,
                    "display_name": f"Member {index}",
                    "time_zone": "Europe/London",
                },
            )
            assert response.status_code == 201, (response.status_code, response.text[:300])
            member.id = response.json()["id"]
            member.token = self.login(client, member)
            plan = client.call(
                "POST", "/api/v1/coaching-plans", member.token, {"title": "Ninety days", "status": "active"}
            )
            assert plan.status_code == 201, (plan.status_code, plan.text[:300])
            member.plan = plan.json()["id"]
            if index == count:
                self.spare = member
            else:
                self.members.append(member)

    def login(self, client: Client, member: Member) -> str:
        response = client.call(
            "POST", "/api/v1/auth/login", body={"email": member.email, "password": PASSWORD}
        )
        assert response.status_code == 200, (response.status_code, response.text[:300])
        return response.json()["access_token"]

    # -- one request -------------------------------------------------------------------------------

    def new_intent(self, scenario: str, member: Member, rng: random.Random) -> Intent:
        key = str(uuid.uuid4())
        body = json.dumps(
            {"mood": rng.randint(1, 10), "craving": rng.randint(0, 10), "note": f"faults {key}"}
        ).encode()
        intent = Intent(key=key, scenario=scenario, member=member, body=body)
        with self.lock:
            self.intents[key] = intent
        return intent

    def request(
        self, client: Client, member: Member, kind: str, started: float, scenario: str, rng
    ) -> Sample:
        intent = self.new_intent(scenario, member, rng) if kind == "write" else None
        sent = time.monotonic() - started
        try:
            if kind == "write":
                response = client.call(
                    "POST",
                    f"/api/v1/coaching-plans/{member.plan}/check-ins",
                    member.token,
                    intent.body,
                    headers={"Idempotency-Key": intent.key},
                )
            elif kind == "me":
                response = client.call("GET", "/api/v1/members/me", member.token)
            elif kind == "list":
                response = client.call(
                    "GET", f"/api/v1/coaching-plans/{member.plan}/check-ins?limit=5", member.token
                )
            else:  # login
                response = client.call(
                    "POST", "/api/v1/auth/login", body={"email": member.email, "password": PASSWORD}
                )
            verdict, status = classify(kind, response), response.status_code
        except Exception as error:  # connection refused or reset, timeout: no answer at all
            verdict, status, response = f"no answer ({type(error).__name__})", None, None
        sample = Sample(
            kind, sent, time.monotonic() - started, status, verdict, intent.key if intent else None
        )
        if intent is not None:
            intent.first = verdict if status is None else (str(status) if verdict == "ok" else verdict)
            if verdict == "ok":
                intent.acked_id = response.json()["id"]
        return sample

    def load(self, scenario: str, seconds: float, chaos, mix=READS_AND_WRITES) -> tuple[list[Sample], dict]:
        """THREADS clients for `seconds`, `chaos(started, events)` in a thread of its own."""
        samples: list[Sample] = []
        events: dict = {}
        started = time.monotonic()
        stop_at = started + seconds
        kinds, weights = zip(*mix, strict=True)

        def client_loop(member: Member) -> None:
            client = Client(self.base)
            rng = random.Random(f"{scenario}-{member.index}")
            mine = []
            while time.monotonic() < stop_at:
                mine.append(
                    self.request(client, member, rng.choices(kinds, weights)[0], started, scenario, rng)
                )
            with self.lock:
                samples.extend(mine)

        def run_chaos() -> None:
            try:
                chaos(started, events)
            except Exception as error:  # reported as a failed check
                events["chaos_error"] = f"{type(error).__name__}: {error}"

        threads = [threading.Thread(target=client_loop, args=(m,), daemon=True) for m in self.members]
        threads.append(threading.Thread(target=run_chaos, daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        events["seconds"] = time.monotonic() - started
        return sorted(samples, key=lambda s: s.done), events

    # -- retries -----------------------------------------------------------------------------------

    def retry(self, intent: Intent, attempts: int = 8) -> str:
        """Send the write again with its key and exact body until it is settled.

        Settled: 2xx (created now, or the stored first answer replayed), or 409 "carried out but
        its answer was lost" (the check-in exists; the app says to look it up). Still pending:
        409 "still in progress" (the claim lease has not run out yet).
        """
        client = Client(self.base)
        outcome = "no answer"
        for _attempt in range(attempts):
            intent.retries += 1
            try:
                response = client.call(
                    "POST",
                    f"/api/v1/coaching-plans/{intent.member.plan}/check-ins",
                    intent.member.token,
                    intent.body,
                    headers={"Idempotency-Key": intent.key},
                )
            except Exception as error:
                outcome = f"no answer ({type(error).__name__})"
                time.sleep(0.5)
                continue
            if 200 <= response.status_code < 300:
                intent.retry_id = response.json()["id"]
                replayed = response.headers.get("Idempotent-Replayed") == "true"
                outcome = f"{response.status_code} {'replayed' if replayed else 'created'}"
                break
            try:
                detail = str(response.json().get("detail") or "")
            except ValueError:
                detail = ""
            if response.status_code == 409 and "answer" in detail and "lost" in detail:
                outcome = "409 answer lost (committed; look it up)"
                break
            if response.status_code == 409 and "in progress" in detail:
                outcome = "409 still in progress"
                break
            outcome = f"{response.status_code} {classify('write', response)}"
            if response.status_code not in (503, 429):
                break
            time.sleep(1.0)
        intent.outcome = outcome
        return outcome

    def settled(self, intent: Intent) -> bool:
        return (
            intent.acked_id is not None
            or intent.retry_id is not None
            or intent.outcome.startswith("409 answer")
        )

    def retry_failed(self, intents: list[Intent]) -> collections.Counter:
        outcomes = collections.Counter()
        for intent in intents:
            outcomes[self.retry(intent)] += 1
        return outcomes

    def claims(self, keys: list[str]) -> dict[str, tuple]:
        """key -> (work committed?, complete?, created_at) of its idempotency record."""
        rows = self.sql(
            "SELECT key, work_committed_at IS NOT NULL, status_code IS NOT NULL, created_at "
            "FROM idempotency_records WHERE key = ANY(%s)",
            keys,
        )
        return {key: (committed, complete, created) for key, committed, complete, created in rows}

    def rows_for(self, keys: list[str]) -> dict[str, int]:
        notes = [f"faults {key}" for key in keys]
        rows = self.sql("SELECT note, count(*) FROM check_ins WHERE note = ANY(%s) GROUP BY note", notes)
        return {note[len("faults ") :]: count for note, count in rows}

    def partial_writes(self, failed: list[Intent]) -> tuple[list[str], collections.Counter]:
        """Right after a fault, before any retry: does each failed write's claim agree with the
        check-ins table? An unfinished claim without work_committed_at must have no row; with it,
        exactly one; a write with no claim left must have no row (else a retry would duplicate)."""
        keys = [i.key for i in failed]
        claims, rows = self.claims(keys), self.rows_for(keys)
        problems, states = [], collections.Counter()
        for key in keys:
            committed, complete, _created = claims.get(key, (None, None, None))
            count = rows.get(key, 0)
            if committed is None:
                state, bad = "no claim left, no row", count != 0
            elif complete:
                state, bad = "completed (answer stored)", count != 1
            elif committed:
                state, bad = "claimed, work committed, answer lost", count != 1
            else:
                state, bad = "claimed, nothing committed", count != 0
            states[state] += 1
            self.intents[key].state = state
            if bad:
                problems.append(f"{key}: {state} but {count} check-in rows")
        return problems, states


# -- scenarios ------------------------------------------------------------------------------------


def summary_lines(samples: list[Sample], events: dict) -> list[str]:
    writes = [s for s in samples if s.kind == "write"]
    reads = [s for s in samples if s.kind != "write"]
    seconds = events["seconds"]
    return [
        f"{THREADS} clients for {seconds:.1f} s: {len(samples)} requests ({len(samples) / seconds:.0f}/s), "
        f"{len(writes)} writes, {len(reads)} reads",
        f"status codes: {histogram(samples)}",
        f"  writes: {histogram(writes)}",
        f"  reads:  {histogram(reads)}",
    ]


def common_checks(lines: list[str], samples: list[Sample], allow_no_answer: bool = False) -> bool:
    five_hundreds = [s for s in samples if s.status is not None and s.status >= 500 and s.status != 503]
    malformed = [s for s in samples if s.verdict.startswith("malformed")]
    unexpected = [
        s for s in samples if s.status is not None and s.verdict not in ("ok", "503 database-unavailable")
    ]
    no_answer = [s for s in samples if s.status is None]
    ok = check(lines, not five_hundreds, f"500s (or any 5xx other than 503): {len(five_hundreds)}")
    ok &= check(lines, not malformed, f"malformed responses: {len(malformed)}")
    ok &= check(
        lines,
        not unexpected,
        f"answers other than 2xx or a 503 database-unavailable problem with Retry-After: {len(unexpected)}"
        + (f" ({histogram(unexpected)})" if unexpected else ""),
    )
    if not allow_no_answer:
        ok &= check(
            lines, not no_answer, f"requests with no HTTP answer (gunicorn stays up): {len(no_answer)}"
        )
    return ok


def retry_lines(h: Harness, lines: list[str], failed: list[Intent], label: str) -> bool:
    problems, states = h.partial_writes(failed)
    lines.append(
        f"writes not acknowledged: {len(failed)}"
        + (f"; their state before any retry: {dict(states)}" if failed else "")
    )
    ok = check(lines, not problems, f"partial writes (claim and check-ins disagree): {len(problems)}")
    for problem in problems[:5]:
        lines.append(f"    {problem}")
    outcomes = h.retry_failed(failed)
    lines.append(
        f"{label}: retried each with its own key at once -> "
        + (", ".join(f"{k} x{v}" for k, v in outcomes.items()) or "nothing to retry")
    )
    return ok


def scenario_a(h: Harness, report: Report) -> None:
    print("\nA. PostgreSQL restarted mid-load...", flush=True)

    def chaos(started: float, events: dict) -> None:
        time.sleep(5.0)
        events["restart"] = time.monotonic() - started
        h.pg.restart()
        events["back"] = time.monotonic() - started

    samples, events = h.load("A", 20.0, chaos)
    lines = summary_lines(samples, events)
    if "chaos_error" in events:
        lines.append(f"[FAILED] restart: {events['chaos_error']}")
        report.section("A. PostgreSQL restarted mid-load", False, lines)
        return
    restart, back = events["restart"], events["back"]
    failures = [s for s in samples if s.verdict != "ok"]
    after_back = [s for s in samples if s.sent >= back]
    first_ok_after = min((s.done for s in after_back if s.verdict == "ok"), default=None)
    late_failures = [s for s in samples if s.verdict != "ok" and s.sent >= back + 3.0]
    lines.append(
        f"`pg_ctl restart -m fast` at t={restart:.1f} s; PostgreSQL accepting connections again at "
        f"t={back:.1f} s (down {back - restart:.1f} s); gunicorn master pid {h.master_pid} never restarted"
    )
    if failures:
        lines.append(
            f"failed answers from t={failures[0].done:.1f} s to t={failures[-1].done:.1f} s, "
            + (
                f"the last {back - failures[-1].done:.1f} s before pg_ctl reported PostgreSQL back"
                if failures[-1].done <= back
                else f"the last {failures[-1].done - back:.1f} s after PostgreSQL was back"
            )
        )
    if first_ok_after is not None:
        lines.append(
            f"first 2xx sent after PostgreSQL was back: {first_ok_after - back:.2f} s after it was back"
        )
    lines.append("per second (by completion):")
    lines += [f"    {line}" for line in per_second(samples)]
    ok = common_checks(lines, samples)
    ok &= check(
        lines,
        first_ok_after is not None and not late_failures,
        f"every request sent from 3 s after PostgreSQL was back answered 2xx (failures after that: "
        f"{len(late_failures)}), with the same gunicorn processes",
    )
    ok &= check(lines, h.master_alive() and len(h.workers()) == 2, "gunicorn master and its 2 workers are up")
    failed = [h.intents[s.key] for s in samples if s.kind == "write" and s.verdict != "ok"]
    ok &= retry_lines(h, lines, failed, "retries")
    h.scenario_failed["A"] = failed
    report.section("A. PostgreSQL restarted mid-load", ok, lines)


def scenario_b(h: Harness, report: Report) -> None:
    print("\nB. Gunicorn workers SIGKILLed mid-request...", flush=True)

    def chaos(started: float, events: dict) -> None:
        kills = []
        for delay in (5.0, 3.0):
            time.sleep(delay)
            before = h.workers()
            victim = before[0]
            os.kill(victim, signal.SIGKILL)
            kills.append((time.monotonic() - started, victim))
        events["kills"] = kills
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            workers = h.workers()
            if len(workers) == 2 and not {pid for _t, pid in kills} & set(workers):
                events["respawned"] = (time.monotonic() - started, workers)
                return
            time.sleep(0.1)

    samples, events = h.load("B", 16.0, chaos)
    lines = summary_lines(samples, events)
    if "chaos_error" in events:
        lines.append(f"[FAILED] kill: {events['chaos_error']}")
        report.section("B. A worker killed mid-request", False, lines)
        return
    kills = events.get("kills", [])
    lines.append(
        "SIGKILL of worker "
        + " and ".join(f"pid {pid} at t={t:.1f} s" for t, pid in kills)
        + (
            f"; the master respawned them (workers {events['respawned'][1]} "
            f"at t={events['respawned'][0]:.1f} s)"
            if "respawned" in events
            else "; workers NOT respawned"
        )
    )
    no_answer = [s for s in samples if s.status is None]
    lines.append(
        f"requests without an HTTP answer (in flight on a killed worker): {len(no_answer)} "
        f"({histogram(no_answer) or 'none'})"
    )
    lines.append("per second (by completion):")
    lines += [f"    {line}" for line in per_second(samples)]
    ok = common_checks(lines, samples, allow_no_answer=True)
    ok &= check(
        lines,
        len(no_answer) <= 2 * len(kills),
        f"only requests in flight on a killed worker went unanswered ({len(no_answer)} <= {2 * len(kills)})",
    )
    ok &= check(
        lines, "respawned" in events and h.master_alive(), "the master stayed up and respawned 2 workers"
    )
    last_kill = kills[-1][0] if kills else 0.0
    late = [s for s in samples if s.sent > last_kill + 3.0 and s.verdict != "ok"]
    ok &= check(
        lines, not late, f"every request sent from 3 s after the last kill answered 2xx ({len(late)} not)"
    )
    failed = [h.intents[s.key] for s in samples if s.kind == "write" and s.verdict != "ok"]
    ok &= retry_lines(h, lines, failed, "retries")
    h.scenario_failed["B"] = failed
    report.section("B. A worker killed mid-request", ok, lines)


def scenario_c(h: Harness, report: Report) -> None:
    print("\nC. Redis stopped mid-load...", flush=True)
    limited = h.spare
    ready: list[tuple[float, float, int | None, str, str]] = []  # sent, done, status, redis, db
    wrong_logins: list[int | None] = []

    def chaos(started: float, events: dict) -> None:
        poller_stop = threading.Event()

        def poll_ready() -> None:
            client = Client(h.base)
            while not poller_stop.is_set():
                sent = time.monotonic() - started
                try:
                    response = client.call("GET", "/readyz", timeout=5)
                    body = response.json()
                    status, redis, database = response.status_code, body.get("redis"), body.get("database")
                except Exception as error:
                    status, redis, database = None, type(error).__name__, "?"
                ready.append((sent, time.monotonic() - started, status, redis, database))
                time.sleep(0.25)

        poller = threading.Thread(target=poll_ready, daemon=True)
        poller.start()
        time.sleep(4.0)
        h.redis.stop()
        events["stopped"] = time.monotonic() - started
        time.sleep(1.0)
        # Failed sign-ins are still limited, per process in memory (5 per account, 2 workers).
        client = Client(h.base)
        for _ in range(14):
            try:
                response = client.call(
                    "POST",
                    "/api/v1/auth/login",
                    body={"email": limited.email, "password": PASSWORD + "-wrong"},
                )
                wrong_logins.append(response.status_code)
            except Exception:
                wrong_logins.append(None)
        time.sleep(max(0.0, 10.0 - (time.monotonic() - started)))
        events["starting"] = time.monotonic() - started
        h.redis.start()
        events["started"] = time.monotonic() - started
        time.sleep(5.0)
        events["redis_keys"] = h.redis.keys()
        poller_stop.set()
        poller.join()

    mix = (("write", 0.35), ("me", 0.3), ("list", 0.3), ("login", 0.05))
    samples, events = h.load("C", 15.0, chaos, mix=mix)
    lines = summary_lines(samples, events)
    if "chaos_error" in events:
        lines.append(f"[FAILED] Redis stop/start: {events['chaos_error']}")
        report.section("C. Redis stopped mid-load", False, lines)
        return
    stopped, restarted = events["stopped"], events["started"]
    during = [s for s in samples if stopped <= s.sent and s.done <= restarted]
    lines.append(
        f"Redis stopped at t={stopped:.1f} s, started again at t={restarted:.1f} s; "
        f"{len(during)} requests were sent and answered while it was down: {histogram(during)}"
    )
    starting = events["starting"]
    down_ready = [r[2:] for r in ready if r[0] >= stopped and r[1] <= starting]
    up_ready = [r[2:] for r in ready if r[0] >= restarted + 2.0]
    recovered_at = next((r[1] for r in ready if r[0] >= starting and r[2] == 200), None)
    lines.append(
        "/readyz while down: "
        + ", ".join(
            f"{k} x{v}"
            for k, v in collections.Counter(f"{c} redis={r} database={d}" for c, r, d in down_ready).items()
        )
    )
    lines.append(
        f"/readyz after the restart: 200 again {recovered_at - starting:.2f} s after Redis was launched"
        if recovered_at is not None
        else "/readyz after the restart: never 200"
    )
    lines.append(
        f"keys in Redis 5 s after its restart (rate-limit counters back in Redis): {events.get('redis_keys')}"
    )
    lines.append(
        f"14 wrong-password sign-ins for one account while Redis was down: "
        f"{', '.join(f'{k} x{v}' for k, v in collections.Counter(wrong_logins).items())}"
    )
    lines.append("per second (by completion):")
    lines += [f"    {line}" for line in per_second(samples)]
    ok = common_checks(lines, samples)
    ok &= check(
        lines, all(s.verdict == "ok" for s in samples), f"every request answered 2xx ({histogram(samples)})"
    )
    ok &= check(
        lines,
        bool(down_ready) and all(c == 503 and r == "unavailable" and d == "ok" for c, r, d in down_ready),
        f"/readyz answered 503 naming redis (and database ok) each of the {len(down_ready)} times it was "
        "asked while Redis was down",
    )
    ok &= check(
        lines,
        bool(up_ready) and all(c == 200 for c, _r, _d in up_ready),
        f"/readyz answered 200 each of the {len(up_ready)} times from 2 s after Redis was back",
    )
    ok &= check(
        lines,
        429 in wrong_logins and set(wrong_logins) <= {401, 429},
        "failed sign-ins were still limited in memory (401 then 429, nothing else)",
    )
    failed = [h.intents[s.key] for s in samples if s.kind == "write" and s.verdict != "ok"]
    if failed:
        ok &= retry_lines(h, lines, failed, "retries")
    h.scenario_failed["C"] = failed
    report.section("C. Redis stopped mid-load", ok, lines)


def scenario_d(h: Harness, report: Report) -> None:
    print("\nD. Read-only database...", flush=True)

    def chaos(started: float, events: dict) -> None:
        time.sleep(2.0)
        h.admin_sql(f'ALTER DATABASE "{DATABASE}" SET default_transaction_read_only = on')
        events["terminated_on"] = h.terminate_app_backends()
        events["read_only"] = time.monotonic() - started
        time.sleep(5.0)
        h.admin_sql(f'ALTER DATABASE "{DATABASE}" RESET default_transaction_read_only')
        events["terminated_off"] = h.terminate_app_backends()
        events["writable"] = time.monotonic() - started

    samples, events = h.load("D", 11.0, chaos)
    lines = summary_lines(samples, events)
    if "chaos_error" in events:
        lines.append(f"[FAILED] read-only switch: {events['chaos_error']}")
        report.section("D. Read-only database", False, lines)
        return
    read_only, writable = events["read_only"], events["writable"]
    settled_ro = [s for s in samples if s.sent >= read_only + 0.5 and s.done <= writable]
    ro_writes = [s for s in settled_ro if s.kind == "write"]
    ro_reads = [s for s in settled_ro if s.kind != "write"]
    after = [s for s in samples if s.sent >= writable + 0.5]
    lines.append(
        f"`ALTER DATABASE {DATABASE} SET default_transaction_read_only = on` and "
        f"pg_terminate_backend of its {events['terminated_on']} connections at t={read_only:.1f} s; "
        f"RESET and {events['terminated_off']} connections terminated at t={writable:.1f} s"
    )
    lines.append(
        f"while read-only (from 0.5 s after the switch): writes {histogram(ro_writes)}; "
        f"reads {histogram(ro_reads)}"
    )
    lines.append(f"after writable again (from 0.5 s after): {histogram(after)}")
    first_write = min(
        (s.done for s in samples if s.kind == "write" and s.verdict == "ok" and s.sent >= writable),
        default=None,
    )
    if first_write is not None:
        lines.append(
            f"first write answered 2xx {first_write - writable:.2f} s after the database was writable again"
        )
    lines.append("per second (by completion):")
    lines += [f"    {line}" for line in per_second(samples)]
    ok = common_checks(lines, samples)
    ok &= check(
        lines,
        bool(ro_writes) and all(s.verdict == "503 database-unavailable" for s in ro_writes),
        "every write while read-only answered 503 database-unavailable (problem+json, Retry-After)",
    )
    ok &= check(
        lines,
        bool(ro_reads) and all(s.verdict == "ok" for s in ro_reads),
        "every read while read-only answered 200",
    )
    ok &= check(
        lines,
        bool(after) and all(s.verdict == "ok" for s in after),
        "every request once writable again answered 2xx",
    )
    failed = [h.intents[s.key] for s in samples if s.kind == "write" and s.verdict != "ok"]
    ok &= retry_lines(h, lines, failed, "retries once writable")
    h.scenario_failed["D"] = failed
    report.section("D. Read-only database", ok, lines)


def final_verification(h: Harness, report: Report) -> dict:
    """Settle writes still claimed after the lease, then check the whole check_ins table."""
    lines: list[str] = []
    pending = [i for i in h.intents.values() if not h.settled(i)]
    waited = 0.0
    if pending:
        claims = h.claims([i.key for i in pending])
        newest = max(
            (created for _committed, complete, created in claims.values() if not complete), default=None
        )
        if newest is not None:
            (now,) = h.sql("SELECT now()")[0]
            wait = (newest + dt.timedelta(seconds=LEASE_SECONDS + 1) - now).total_seconds()
            if wait > 0:
                print(
                    f"\nWaiting {wait:.0f} s for the {LEASE_SECONDS} s claim lease of {len(pending)} keys "
                    "left claimed by a failed first attempt...",
                    flush=True,
                )
                time.sleep(wait)
                waited = wait
        outcomes = h.retry_failed(pending)
        lines.append(
            f"{len(pending)} writes were not settled by the first retries (their key still claimed: "
            f"'409 still in progress'); retried after the {LEASE_SECONDS} s claim lease "
            f"(waited {waited:.0f} s): " + ", ".join(f"{k} x{v}" for k, v in outcomes.items())
        )
    intents = list(h.intents.values())
    keys = [i.key for i in intents]
    rows = {
        note[len("faults ") :]: (count, ids, plans_ok)
        for note, count, ids, plans_ok in h.sql(
            "SELECT c.note, count(*), array_agg(c.id::text), "
            "bool_and(p.id IS NOT NULL AND c.member_id = p.member_id) "
            "FROM check_ins c LEFT JOIN coaching_plans p ON p.id = c.plan_id "
            "WHERE c.note LIKE 'faults %%' GROUP BY c.note"
        )
    }
    (total_rows,) = h.sql("SELECT count(*) FROM check_ins")[0]
    other_rows = total_rows - sum(count for count, _ids, _ok in rows.values())
    misplaced = [
        note
        for note, plan in h.sql("SELECT note, plan_id::text FROM check_ins WHERE note LIKE 'faults %%'")
        if note[len("faults ") :] in h.intents and h.intents[note[len("faults ") :]].member.plan != plan
    ]
    lost = [k for k in keys if k not in rows]
    duplicates = [k for k in keys if k in rows and rows[k][0] > 1]
    unknown = [k for k in rows if k not in h.intents]
    orphans = [k for k, (_c, _ids, plans_ok) in rows.items() if not plans_ok]
    ack_mismatch = [
        i.key for i in intents if i.acked_id and i.acked_id not in rows.get(i.key, (0, [], True))[1]
    ]
    retry_mismatch = [
        i.key for i in intents if i.retry_id and i.retry_id not in rows.get(i.key, (0, [], True))[1]
    ]
    unsettled = [i for i in intents if not h.settled(i)]
    incomplete = h.sql(
        "SELECT key, work_committed_at IS NOT NULL FROM idempotency_records WHERE status_code IS NULL"
    )
    answer_lost = [k for k, committed in incomplete if committed]
    stuck = [k for k, committed in incomplete if not committed]
    stored = h.sql(
        "SELECT key, response_body FROM idempotency_records WHERE status_code IS NOT NULL AND key = ANY(%s)",
        keys,
    )
    stored_mismatch = [k for k, body in stored if json.loads(body)["id"] not in rows.get(k, (0, [], True))[1]]

    by_scenario = collections.Counter(i.scenario for i in intents)
    failed_first = collections.Counter(i.scenario for i in intents if i.acked_id is None)
    lines.append(
        f"intended writes (distinct Idempotency-Keys): {len(intents)} "
        f"({', '.join(f'{s} {n}' for s, n in sorted(by_scenario.items()))}); not acknowledged at first: "
        f"{sum(failed_first.values())} "
        f"({', '.join(f'{s} {n}' for s, n in sorted(failed_first.items())) or 'none'}); "
        f"retry requests sent: {sum(i.retries for i in intents)}"
    )
    lines.append(f"check_ins rows in the database: {total_rows} ({len(rows)} distinct keys)")
    ok = check(lines, not lost, f"lost (an intended write with no row after its retries): {len(lost)}")
    ok &= check(lines, not duplicates, f"duplicates (more than one row for a key): {len(duplicates)}")
    ok &= check(
        lines, not unknown and not other_rows, f"rows no client intended: {len(unknown) + other_rows}"
    )
    ok &= check(
        lines,
        not orphans and not misplaced,
        "orphan or misplaced rows (plan missing, member or plan not the writer's): "
        f"{len(orphans) + len(misplaced)}",
    )
    ok &= check(
        lines,
        not ack_mismatch and not retry_mismatch and not stored_mismatch,
        "every 2xx (first answer, retry, stored replay) names the one row stored for its key "
        f"(mismatches: {len(ack_mismatch) + len(retry_mismatch) + len(stored_mismatch)})",
    )
    ok &= check(
        lines, not unsettled, f"writes never settled (no 2xx, no 'answer lost' 409): {len(unsettled)}"
    )
    ok &= check(
        lines, not stuck, f"keys still claimed with nothing committed (would block a retry): {len(stuck)}"
    )
    lines.append(
        f"keys whose work was committed but whose answer was lost (claimed for good; a retry answers 409 "
        f"'look the object up', the row exists once): {len(answer_lost)}"
    )
    told_nothing_changed = [
        i for i in intents if i.first.startswith("503") and i.state == "claimed, work committed, answer lost"
    ]
    lines.append(
        f'[{"WARNING" if told_nothing_changed else "ok"}] writes answered 503 "Nothing was changed" '
        f"although their check-in had been committed (the connection died between the check-in's commit "
        f"and storing the answer): {len(told_nothing_changed)}"
    )
    report.section("Verification: every intended write exactly once", ok, lines)
    return {
        "lost": len(lost),
        "duplicates": len(duplicates),
        "answer_lost": len(answer_lost),
        "waited": waited,
    }


def log_errors(text: str) -> collections.Counter:
    """Each logged error (a chain of tracebacks) as: who logged it, the last frame in api/, and the
    exception it ended with."""
    errors: collections.Counter = collections.Counter()
    lines = text.splitlines() + [""]
    index = 0
    while index < len(lines):
        if not lines[index].startswith("Traceback (most recent call last)"):
            index += 1
            continue
        logged_by = next(
            (lines[j] for j in range(index - 1, max(-1, index - 4), -1) if "ERROR" in lines[j]), "?"
        )
        logged_by = re.sub(r"^\[[^]]*\] \[\d+\] ", "", logged_by)
        app_frame, final = "", ""
        while index < len(lines) and lines[index].startswith("Traceback"):
            index += 1
            while index < len(lines) and lines[index][:1] in (" ", "\t"):
                frame = re.match(r'\s+File "([^"]+)", line (\d+), in (\S+)', lines[index])
                if frame and f"{ROOT}/api/" in frame.group(1):
                    app_frame = f"{Path(frame.group(1)).relative_to(ROOT)}:{frame.group(2)} {frame.group(3)}"
                index += 1
            final = lines[index] if index < len(lines) else ""
            index += 1
            while index < len(lines) and (not lines[index] or lines[index][:1] in (" ", "\t")):
                index += 1  # the rest of a multi-line message
            if index < len(lines) and lines[index].startswith(("The above exception", "During handling")):
                index += 1
                while index < len(lines) and not lines[index]:
                    index += 1  # on to the chained traceback
        errors[f"{logged_by} | {app_frame or 'no frame in api/'} | {final[:160]}"] += 1
    return errors


def log_checks(h: Harness, report: Report) -> None:
    lines: list[str] = []
    text = Path(h.run_dir / "logs" / "gunicorn.log").read_text(errors="replace")
    unhandled = text.count("unhandled error")
    access_500 = len(re.findall(r'" 500 ', text))
    timeouts = text.count("WORKER TIMEOUT")
    booted = len(re.findall(r"Booting worker with pid", text))
    masters = len(re.findall(r"Starting gunicorn", text))
    errors = log_errors(text)
    lines.append(
        f"gunicorn log: {masters} master start, {booted} worker boots (2 at start + respawns), "
        f"{timeouts} worker timeouts, {sum(errors.values())} logged errors with a traceback"
    )
    for error, count in errors.most_common():
        lines.append(f"    x{count}: {error}")
    ok = check(
        lines,
        unhandled == 0 and access_500 == 0 and not errors,
        f"errors logged with a traceback: {sum(errors.values())} ('unhandled error', the app's 500: "
        f"{unhandled}); 500s in the access log: {access_500}",
    )
    ok &= check(
        lines,
        masters == 1 and h.master_alive(),
        f"one gunicorn master for the whole run (pid {h.master_pid}), never restarted",
    )
    report.section("Logs", ok, lines)


# -- FAULTS.md --------------------------------------------------------------------------------------


def machine_description(h: Harness) -> list[str]:
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    (pg_version,) = h.sql("SHOW server_version")[0]
    redis_version = h.redis.info()["redis_version"]
    gunicorn_version = subprocess.run(
        [scaleout.bin_path("gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    return [
        f"CPU: {os.cpu_count()} cores (`nproc`), {cpu.group(1).strip() if cpu else platform.processor()}; "
        f"RAM {mem_kib / 1024 / 1024:.1f} GiB; load average at start {os.getloadavg()[0]:.1f} "
        "(the machine is shared with other test runs)",
        f"PostgreSQL {pg_version} (a private cluster on 127.0.0.1:{h.pg.port}, data in {h.pg.data}), "
        f"Redis {redis_version} (private, 127.0.0.1:{h.redis.port}, no persistence), {gunicorn_version}, "
        f"Python {platform.python_version()}",
        f"App: one gunicorn instance on 127.0.0.1:{h.port}, 2 sync workers, timeout 30 s, "
        "PEERWAY_ENV=production with keys generated for the run, pool_pre_ping, pool 5+5 per worker; "
        "RATELIMIT_DEFAULT 100000/min so the load is not throttled",
        f"Load: {THREADS} client threads, one member and coaching plan each, 40% POST check-in "
        "(a fresh Idempotency-Key per intended write), 30% GET /members/me, 30% GET the plan's check-ins",
    ]


NOTES = """\
## Reading the results

- **A. PostgreSQL restart.** While the cluster shuts down and starts, requests that needed it
  answer `503` `application/problem+json` (`type` …/database-unavailable, `Retry-After: 30`):
  psycopg raises `OperationalError` (admin shutdown 57P01, "the database system is starting up"
  57P03, connection refused) and `api/errors.py` maps it to that 503. The pool reconnects by itself
  (`pool_pre_ping=True` in `api/db.py`): the same gunicorn processes answer 2xx again as soon as
  PostgreSQL accepts connections.
- **B. A worker killed mid-request.** The request in flight on the killed worker gets no answer
  (connection reset); the master respawns the worker and the others carry on. PostgreSQL rolls back
  the dead backend's open transaction, so nothing is half-written: the check-in and the mark on its
  Idempotency-Key claim (`work_committed_at`) commit in one transaction.
- **Retrying a failed write with its key** either creates it (the first attempt committed nothing
  and released its claim, or never claimed), replays the stored answer (it committed and stored
  it), or, when the first attempt died holding its claim, answers `409` until the claim's lease
  (`IDEMPOTENCY_CLAIM_LEASE`, 120 s) runs out; after that a claim that changed nothing is run again
  (`201`), and one whose check-in was committed but whose answer was lost answers `409` "look the
  object up" for good (the check-in exists exactly once). The script waits for the lease when it
  has to, which is most of its running time.
- **The narrow window** between a check-in's commit and storing its answer: if the connection dies
  exactly there (A or D), the client gets the 503 although the check-in was committed, and its
  retries answer 409 as above. Nothing is lost or duplicated; the Verification section counts these
  as a WARNING line.
- **C. Redis down.** Rate limits fall back to per-process memory (Flask-Limiter's in-memory
  fallback and the failed-sign-in counters in `api/ratelimits.py`), so requests keep answering
  2xx and failed sign-ins are still limited. `/readyz` answers 503 naming `redis` so a load
  balancer can take the instance out, and 200 again once Redis is back. Flask-Limiter goes back
  to Redis at its next storage check (back-off up to 32 s).
- **D. Read-only database** (for example a failed-over replica, or
  `default_transaction_read_only`): writes fail with `read_only_sql_transaction` (SQLSTATE 25006,
  psycopg's `InternalError`), which `api/errors.py` maps to the same 503; reads keep answering 200.
- **A full disk** is the same answer: PostgreSQL reports `disk_full` (SQLSTATE 53100, psycopg
  `DiskFull`, an `OperationalError`) when it cannot extend a table or write WAL (if `pg_wal` itself
  fills up the server stops, which is case A). `api/errors.py` answers that `OperationalError`
  with the 503 problem and rolls the transaction back, so nothing is half-written.
  `tests/test_faults.py::test_a_full_disk_answers_503_and_writes_nothing_half_way` shows it on
  SQLite (`SQLITE_FULL`); filling a real disk is not done here.
"""


def write_faults(report: Report, machine: list[str], started: dt.datetime, seconds: float) -> Path:
    out = [
        "# Faults under load",
        "",
        f"Generated by `.venv/bin/python deploy/faults.py` on {started:%Y-%m-%d %H:%M} UTC "
        f"in {seconds:.0f} s. "
        "Every number below comes from that run; rerun the command to refresh this file. Single-app faults "
        "(read-only database, full disk, Redis down) are also covered by `tests/test_faults.py`.",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in machine],
        "",
    ]
    for title, ok, lines in report.sections:
        out += [f"## {title}: {'PASS' if ok else 'FAIL'}", ""]
        for line in lines:
            out.append(f"  - {line.strip()}" if line.startswith(" ") else f"- {line}")
        out.append("")
    out += [NOTES]
    overall = "PASS" if not report.failed else f"FAIL ({', '.join(report.failed)})"
    out += [f"**Result: {overall}**", ""]
    path = HERE / "FAULTS.md"
    path.write_text("\n".join(out))
    return path


def main() -> int:
    scaleout._reexec_in_venv()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--redis-port", type=int, default=6399)
    parser.add_argument("--port", type=int, default=8499, help="the gunicorn instance")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite deploy/FAULTS.md")
    args = parser.parse_args()
    if args.pg_port in SHARED_PORTS or args.redis_port in SHARED_PORTS:
        parser.error("those ports belong to the shared PostgreSQL and Redis")
    if not (PG_BIN / "pg_ctl").exists():
        raise SystemExit(f"PostgreSQL 15 binaries not found in {PG_BIN}: apt-get install postgresql-15")

    def terminate(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)  # also when started in the background with SIGINT ignored
    started_at = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    harness = Harness(args.pg_port, args.redis_port, args.port)
    report = Report()
    machine: list[str] = []
    try:
        harness.clean_previous_run()
        print(
            f"Starting a private PostgreSQL ({args.pg_port}), Redis ({args.redis_port}), "
            f"gunicorn ({args.port})...",
            flush=True,
        )
        harness.start()
        machine = machine_description(harness)
        print(f"Signing up {THREADS} members with a coaching plan each...", flush=True)
        harness.sign_up(THREADS)
        scenario_a(harness, report)
        scenario_b(harness, report)
        # D before C: the faults that can leave keys claimed come first, so C runs while their
        # claim lease runs out.
        scenario_d(harness, report)
        scenario_c(harness, report)
        final_verification(harness, report)
        log_checks(harness, report)
    except KeyboardInterrupt:
        print("\nInterrupted.", flush=True)
        return 130
    finally:
        print("\nStopping gunicorn, Redis and the private PostgreSQL...", flush=True)
        harness.stop()
    seconds = time.perf_counter() - began
    if not args.no_write:
        path = write_faults(report, machine, started_at, seconds)
        print(f"\nWrote {path.relative_to(ROOT)}")
    if report.failed:
        print(f"FAILED: {', '.join(report.failed)}")
        return 1
    print(f"All checks passed in {seconds:.0f} s (logs in {RUN_DIR / 'logs'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
