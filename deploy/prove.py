#!/usr/bin/env python3
"""Prove the scale-out with real HTTP: `.venv/bin/python deploy/prove.py` (or `make scaleout`).

Starts deploy/scaleout.py's topology (nginx on 127.0.0.1:8480 in front of 3 gunicorn instances
of 2 sync workers, 2 RQ workers, the schedulers; PostgreSQL database `peerway_scaleout`, Redis
db 14, PEERWAY_ENV=production with the production rate limits), then shows:

  a. RSVP capacity holds across instances: 50 members book 5 places at once through nginx.
  b. Rate limits are shared: the 21st sign-in within the minute is 429 whichever instance gets it.
  c. Sign-out and suspension take effect on every instance at once.
  d. SIGKILLing an instance during a write load loses no acknowledged write, and retrying the
     failed requests with their Idempotency-Key creates no duplicate.

Each simulated client has its own loopback source address (127.0.x.y), so nginx sees distinct
client addresses and per-address rate limits apply as in production. Prints a report, writes it
to deploy/PROOF.md and exits non-zero if any check fails. The topology is stopped at the end.
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
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scaleout  # noqa: E402

PASSWORD = "harbour-lantern-quiet-7391"
MEMBERS, CAPACITY = 50, 5
WRITERS, LOAD_SECONDS, KILL_AT, RESTART_AFTER = 12, 20.0, 5.0, 3.0


# -- HTTP clients --------------------------------------------------------------------------------


def _requests():
    import requests
    from requests.adapters import HTTPAdapter

    class SourceAddressAdapter(HTTPAdapter):
        """Connect from a chosen loopback address: each simulated client is its own address."""

        def __init__(self, source: str, **kwargs) -> None:
            self.source = source
            super().__init__(**kwargs)

        def init_poolmanager(self, *args, **kwargs):
            kwargs["source_address"] = (self.source, 0)
            super().init_poolmanager(*args, **kwargs)

    return requests, SourceAddressAdapter


class Client:
    """One HTTP client: through nginx from its own source address, or straight to an instance
    with an X-Forwarded-For header (what nginx would add) naming the client."""

    def __init__(self, base: str, source: str | None = None, forwarded_for: str | None = None) -> None:
        requests, adapter = _requests()
        self.base = base
        self.http = requests.Session()
        if source:
            self.http.mount("http://", adapter(source))
        if forwarded_for:
            self.http.headers["X-Forwarded-For"] = forwarded_for

    def call(self, method: str, path: str, token: str | None = None, body=None, headers=None, timeout=30):
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        return self.http.request(method, self.base + path, data=data, headers=all_headers, timeout=timeout)


def upstream(response) -> str:
    return response.headers.get("X-Peerway-Upstream", "?")


def source_address(index: int) -> str:
    return f"127.0.{10 + index // 250}.{1 + index % 250}"


@dataclass
class Member:
    index: int
    email: str
    name: str
    id: str = ""
    token: str = ""

    @property
    def source(self) -> str:
        return source_address(self.index)


# -- the proof -----------------------------------------------------------------------------------


@dataclass
class Report:
    sections: list[tuple[str, bool, list[str]]] = field(default_factory=list)
    checks_failed: list[str] = field(default_factory=list)

    def section(self, title: str, ok: bool, lines: list[str]) -> None:
        self.sections.append((title, ok, lines))
        print(f"\n## {title}: {'PASS' if ok else 'FAIL'}")
        for line in lines:
            print(f"  {line}")
        if not ok:
            self.checks_failed.append(title)


def check(lines: list[str], condition: bool, text: str) -> bool:
    lines.append(f"[{'ok' if condition else 'FAILED'}] {text}")
    return condition


class Proof:
    def __init__(self, topology: scaleout.Topology, report: Report) -> None:
        self.topo = topology
        self.report = report
        self.nginx = topology.nginx_url
        self.instances = [topology.instance_url(i) for i in range(topology.instances)]
        self.upstreams = [f"127.0.0.1:{port}" for port in topology.instance_ports]
        self.db_url = scaleout.psycopg_url(topology.database_url)
        self._xff = 0

    def via_nginx(self, member: Member) -> Client:
        return Client(self.nginx, source=member.source)

    def direct(self, index: int, member: Member) -> Client:
        # What nginx sends: the client's address as the last X-Forwarded-For entry.
        return Client(self.instances[index], forwarded_for=member.source)

    def sql(self, query: str, *params):
        import psycopg

        with psycopg.connect(self.db_url) as conn:
            return conn.execute(query, params).fetchall()

    # -- setup ------------------------------------------------------------------------------

    def register_and_login(self, members: list[Member]) -> None:
        def register(member: Member) -> None:
            client = self.via_nginx(member)
            response = client.call(
                "POST",
                "/api/v1/auth/register",
                body={
                    "email": member.email,
                    "password": PASSWORD,
                    "display_name": member.name,
                    "time_zone": "Europe/London",
                },
            )
            assert response.status_code == 201, (member.email, response.status_code, response.text[:300])
            member.id = response.json()["id"]

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(register, members))
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(self.login, members))

    def login(self, member: Member) -> str:
        response = self.via_nginx(member).call(
            "POST", "/api/v1/auth/login", body={"email": member.email, "password": PASSWORD}
        )
        assert response.status_code == 200, (member.email, response.status_code, response.text[:300])
        member.token = response.json()["access_token"]
        return member.token

    # -- a. RSVP capacity -----------------------------------------------------------------------

    def rsvp_capacity(self, facilitator: Member, members: list[Member]) -> None:
        lines: list[str] = []
        client = self.via_nginx(facilitator)
        group = client.call(
            "POST",
            "/api/v1/groups",
            facilitator.token,
            {
                "name": "Scale-out circle",
                "description": "A busy group for the scale-out proof.",
                "topics": ["alcohol"],
                "format": "online",
                "region": "GB",
                "time_zone": "Europe/London",
                "guidelines": "Speak from your own experience. What is said here stays here.",
            },
        )
        assert group.status_code == 201, group.text[:300]
        group_id, version = group.json()["id"], group.json()["guidelines_version"]

        def join(member: Member) -> int:
            return (
                self.via_nginx(member)
                .call(
                    "POST",
                    f"/api/v1/groups/{group_id}/memberships",
                    member.token,
                    {"accepted_guidelines_version": version},
                )
                .status_code
            )

        with ThreadPoolExecutor(max_workers=8) as pool:
            joined = list(pool.map(join, members))
        assert joined == [201] * len(members), collections.Counter(joined)
        starts_at = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0).isoformat()
        created = client.call(
            "POST",
            f"/api/v1/groups/{group_id}/sessions",
            facilitator.token,
            {
                "title": "Sharing circle",
                "capacity": CAPACITY,
                "starts_at": starts_at,
                "time_zone": "Europe/London",
            },
        )
        assert created.status_code == 201, created.text[:300]
        session_id = created.json()["items"][0]["id"]

        clients = [self.via_nginx(member) for member in members]
        barrier = threading.Barrier(len(members))

        def book(pair):
            member, member_client = pair
            barrier.wait()
            started = time.perf_counter()
            response = member_client.call("PUT", f"/api/v1/sessions/{session_id}/rsvp", member.token)
            return response, time.perf_counter() - started

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(members)) as pool:
            results = list(pool.map(book, zip(members, clients, strict=True)))
        wall = time.perf_counter() - began
        codes = collections.Counter(r.status_code for r, _ in results)
        bodies = [r.json() for r, _ in results if r.status_code == 200]
        statuses = collections.Counter(b["status"] for b in bodies)
        positions = sorted(b["waitlist_position"] for b in bodies if b["status"] == "waitlisted")
        per_instance = collections.Counter(upstream(r) for r, _ in results)
        latencies = sorted(seconds for _, seconds in results)

        ok = check(
            lines, codes == {200: MEMBERS}, f"{MEMBERS} concurrent PUT /rsvp through nginx: {dict(codes)}"
        )
        ok &= check(
            lines,
            statuses == {"confirmed": CAPACITY, "waitlisted": MEMBERS - CAPACITY},
            f"answers: {statuses['confirmed']} confirmed, {statuses['waitlisted']} waitlisted "
            f"(capacity {CAPACITY})",
        )
        ok &= check(
            lines,
            positions == list(range(1, MEMBERS - CAPACITY + 1)),
            f"waitlist positions {positions[:1]}..{positions[-1:]}: 1..{MEMBERS - CAPACITY}, "
            "no gap, no duplicate",
        )
        ok &= check(
            lines,
            len([u for u in per_instance if u in self.upstreams]) >= 2,
            "served by instances " + ", ".join(f"{u} x{n}" for u, n in sorted(per_instance.items())),
        )
        ((confirmed_count, capacity),) = self.sql(
            "SELECT confirmed_count, capacity FROM group_sessions WHERE id = %s", session_id
        )
        rows = dict(
            self.sql("SELECT status, count(*) FROM rsvps WHERE session_id = %s GROUP BY status", session_id)
        )
        ok &= check(
            lines,
            confirmed_count == CAPACITY and rows == {"confirmed": CAPACITY, "waitlisted": MEMBERS - CAPACITY},
            f"database: group_sessions.confirmed_count={confirmed_count}/{capacity}, rsvps by status {rows}",
        )
        order = [
            str(r[0])
            for r in self.sql(
                "SELECT id FROM rsvps WHERE session_id = %s AND status = 'waitlisted' "
                "ORDER BY requested_at, id",
                session_id,
            )
        ]
        answered = {b["id"]: b["waitlist_position"] for b in bodies if b["status"] == "waitlisted"}
        ok &= check(
            lines,
            [answered.get(rsvp_id) for rsvp_id in order] == list(range(1, MEMBERS - CAPACITY + 1)),
            "each member's answered position matches the database's first-come order",
        )
        lines.append(
            f"burst wall time {wall:.2f} s; latency median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
            f"max {latencies[-1] * 1000:.0f} ms"
        )
        self.report.section("a. RSVP capacity across instances", ok, lines)

    # -- b. shared rate limits ------------------------------------------------------------------

    def shared_rate_limits(self, member: Member, nginx_address: int, direct_address: int) -> None:
        lines: list[str] = []
        body = {"email": member.email, "password": PASSWORD}
        attempts = 25

        through = Client(self.nginx, source=source_address(nginx_address))
        nginx_results = [through.call("POST", "/api/v1/auth/login", body=body) for _ in range(attempts)]
        limit = int(nginx_results[0].headers.get("X-RateLimit-Limit", "20"))
        ok = self._rate_limit_lines(
            lines,
            f"through nginx from one client address ({source_address(nginx_address)})",
            [(upstream(r), r) for r in nginx_results],
            limit,
        )

        address = f"203.0.113.{direct_address}"
        direct_results = []
        for attempt in range(attempts):
            index = attempt % len(self.instances)
            client = Client(self.instances[index], forwarded_for=address)
            direct_results.append(
                (self.upstreams[index], client.call("POST", "/api/v1/auth/login", body=body))
            )
        ok &= self._rate_limit_lines(
            lines, f"straight to the instances in turn, X-Forwarded-For: {address}", direct_results, limit
        )
        self.report.section("b. Rate limits shared through Redis", ok, lines)

    def _rate_limit_lines(self, lines, label, results, limit) -> bool:
        codes = [r.status_code for _, r in results]
        per_instance: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for name, r in results:
            per_instance[name][r.status_code] += 1
        first_429 = codes.index(429) + 1 if 429 in codes else None
        retry_after = [r.headers.get("Retry-After") for _, r in results if r.status_code == 429]
        lines.append(f"{label}: {len(codes)} sign-ins, limit {limit} per minute per address")
        for name in sorted(per_instance):
            counts = per_instance[name]
            lines.append(f"    {name}: {counts.get(200, 0)} x 200, {counts.get(429, 0)} x 429")
        ok = check(
            lines,
            codes[:limit] == [200] * limit and codes[limit:] == [429] * (len(codes) - limit),
            f"first {limit} answered 200, request #{first_429} and every later one 429 "
            f"(Retry-After {retry_after[0] if retry_after else '-'} s)",
        )
        served_429 = {name for name, r in results if r.status_code == 429}
        ok &= check(lines, len(served_429) >= 2, f"the 429s came from {len(served_429)} different instances")
        return ok

    # -- c. revocation and suspension ---------------------------------------------------------------

    def revocation_and_ban(self, signer: Member, target: Member, reporter: Member, admin: Member) -> None:
        lines: list[str] = []
        token = self.login(signer)
        before = [
            self.direct(i, signer).call("GET", "/api/v1/members/me", token).status_code
            for i in range(len(self.instances))
        ]
        ok = check(
            lines,
            before == [200] * len(self.instances),
            f"signed in; GET /members/me on each instance: {before}",
        )
        logout = self.direct(0, signer).call("POST", "/api/v1/auth/logout", token)
        signed_out = time.perf_counter()
        after = []
        for i in range(len(self.instances)):
            response = self.direct(i, signer).call("GET", "/api/v1/members/me", token)
            after.append((response.status_code, (time.perf_counter() - signed_out) * 1000))
        via_nginx = self.via_nginx(signer).call("GET", "/api/v1/members/me", token).status_code
        ok &= check(
            lines,
            logout.status_code == 204
            and [code for code, _ in after] == [401] * len(self.instances)
            and via_nginx == 401,
            f"POST /auth/logout on {self.upstreams[0]} -> {logout.status_code}; the same token then: "
            + ", ".join(f"{self.upstreams[i]} {code} (+{ms:.0f} ms)" for i, (code, ms) in enumerate(after))
            + f", nginx {via_nginx}",
        )

        token = self.login(target)
        before = [
            self.direct(i, target).call("GET", "/api/v1/members/me/sessions", token).status_code
            for i in range(len(self.instances))
        ]
        ok &= check(
            lines,
            before == [200] * len(self.instances),
            f"member to suspend, GET /members/me/sessions on each instance: {before}",
        )
        filed = self.via_nginx(reporter).call(
            "POST",
            "/api/v1/reports",
            reporter.token,
            {
                "subject_member_id": target.id,
                "category": "harassment",
                "text": "Sent abusive private messages after the session.",
            },
        )
        assert filed.status_code == 201, filed.text[:300]
        decided = self.direct(1, admin).call(
            "PATCH",
            f"/api/v1/reports/{filed.json()['id']}",
            admin.token,
            {"action": "ban", "reason": "Abusive messages to other members."},
        )
        banned = time.perf_counter()
        after = []
        for i in range(len(self.instances)):
            response = self.direct(i, target).call("GET", "/api/v1/members/me/sessions", token)
            after.append((response.status_code, (time.perf_counter() - banned) * 1000))
        ok &= check(
            lines,
            decided.status_code == 200 and [code for code, _ in after] == [401] * len(self.instances),
            f"admin suspends (report action 'ban') on {self.upstreams[1]} -> {decided.status_code}; "
            "the member's token then: "
            + ", ".join(f"{self.upstreams[i]} {code} (+{ms:.0f} ms)" for i, (code, ms) in enumerate(after)),
        )
        relogin = self.via_nginx(target).call(
            "POST", "/api/v1/auth/login", body={"email": target.email, "password": PASSWORD}
        )
        new_token = relogin.json().get("access_token") if relogin.status_code == 200 else None
        refused = [
            self.direct(i, target).call("GET", "/api/v1/members/me/sessions", new_token).status_code
            for i in range(len(self.instances))
        ]
        rights = [
            self.direct(i, target).call("GET", "/api/v1/members/me/moderation", new_token).status_code
            for i in range(len(self.instances))
        ]
        ok &= check(
            lines,
            relogin.status_code == 200
            and refused == [403] * len(self.instances)
            and rights == [200] * len(self.instances),
            f"signing in again ({relogin.status_code}) gives a suspended account: GET /members/me/sessions "
            f"{refused} on every instance, while GET /members/me/moderation (notices, appeal) stays {rights}",
        )
        self.report.section("c. Sign-out and suspension on every instance", ok, lines)

    def committed_keys(self, keys: list[str]) -> list[str]:
        notes = [f"proof {key}" for key in keys]
        return [
            note[len("proof ") :]
            for (note,) in self.sql("SELECT note FROM check_ins WHERE note = ANY(%s)", notes)
        ]

    def incomplete_claims(self, keys: list[str]) -> list[str]:
        return [
            key
            for (key,) in self.sql(
                "SELECT key FROM idempotency_records WHERE status_code IS NULL AND key = ANY(%s)", keys
            )
        ]

    # -- d. killing an instance mid-load ----------------------------------------------------------------

    def kill_mid_load(self, writers: list[Member], victim: int) -> None:
        lines: list[str] = []
        plans = {}
        for member in writers:
            response = self.via_nginx(member).call(
                "POST", "/api/v1/coaching-plans", member.token, {"title": "Ninety days", "status": "active"}
            )
            assert response.status_code == 201, response.text[:300]
            plans[member.email] = response.json()["id"]

        records: list[dict] = []
        records_lock = threading.Lock()
        stop_at = time.monotonic() + LOAD_SECONDS
        load_started = time.monotonic()
        events: dict[str, float] = {}
        peak_connections = [0]

        def writer(member: Member) -> None:
            client = self.via_nginx(member)
            rng = random.Random(member.index)
            while time.monotonic() < stop_at:
                key = str(uuid.uuid4())
                body = json.dumps(
                    {"mood": rng.randint(1, 10), "craving": rng.randint(0, 10), "note": f"proof {key}"}
                ).encode()
                record = {
                    "key": key,
                    "body": body,
                    "plan": plans[member.email],
                    "member": member,
                    "sent": time.monotonic() - load_started,
                }
                try:
                    response = client.call(
                        "POST",
                        f"/api/v1/coaching-plans/{record['plan']}/check-ins",
                        member.token,
                        body,
                        headers={"Idempotency-Key": key},
                        timeout=15,
                    )
                    record.update(status=response.status_code, upstream=upstream(response))
                    if 200 <= response.status_code < 300:
                        record["id"] = response.json()["id"]
                except Exception as error:  # connection reset, timeout: not acknowledged
                    record.update(status=None, error=type(error).__name__, upstream="-")
                record["done"] = time.monotonic() - load_started
                with records_lock:
                    records.append(record)

        def sample_connections() -> None:
            while time.monotonic() < stop_at:
                ((count,),) = self.sql(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                peak_connections[0] = max(peak_connections[0], count)
                time.sleep(0.5)

        def chaos() -> None:
            time.sleep(KILL_AT)
            proc = self.topo.kill_instance(victim)
            events["killed"] = time.monotonic() - load_started
            events["killed_pid"] = proc.pid
            time.sleep(RESTART_AFTER)
            events["restarting"] = time.monotonic() - load_started
            try:
                self.topo.restart_instance(victim)
                events["ready"] = time.monotonic() - load_started
            except RuntimeError as error:  # reported below as "not ready"
                print(f"restart failed: {error}", flush=True)
                events["ready"] = float("nan")

        threads = [threading.Thread(target=writer, args=(m,)) for m in writers]
        threads += [threading.Thread(target=chaos), threading.Thread(target=sample_connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_seconds = time.monotonic() - load_started

        acknowledged = [r for r in records if r.get("status") and 200 <= r["status"] < 300]
        failed = [r for r in records if r not in acknowledged]
        victim_name = self.upstreams[victim]
        before_kill = collections.Counter(r["upstream"] for r in acknowledged if r["done"] < events["killed"])
        after_kill = collections.Counter(r["upstream"] for r in acknowledged if r["sent"] > events["killed"])
        rejoined = sum(
            1 for r in acknowledged if r["upstream"] == victim_name and r["sent"] > events["killed"]
        )
        failure_kinds = collections.Counter(
            f"{r.get('status') or r.get('error')} from {r['upstream']}" for r in failed
        )
        committed_before_retry = set(self.committed_keys([r["key"] for r in failed]))
        claimed_before_retry = set(self.incomplete_claims([r["key"] for r in failed]))

        # Retry every request that was not acknowledged, with its key and its exact body.
        retry_outcomes = collections.Counter()
        for record in failed:
            client = self.via_nginx(record["member"])
            outcome = "gave up"
            for _attempt in range(5):
                try:
                    response = client.call(
                        "POST",
                        f"/api/v1/coaching-plans/{record['plan']}/check-ins",
                        record["member"].token,
                        record["body"],
                        headers={"Idempotency-Key": record["key"]},
                        timeout=15,
                    )
                except Exception:
                    time.sleep(0.5)
                    continue
                if 200 <= response.status_code < 300:
                    record["retry_id"] = response.json()["id"]
                    replayed = response.headers.get("Idempotent-Replayed") == "true"
                    outcome = (
                        f"{response.status_code} replayed" if replayed else f"{response.status_code} created"
                    )
                    break
                outcome = f"{response.status_code} {response.json().get('detail', '')[:60]}".strip()
                if response.status_code != 409:
                    break
                time.sleep(0.5)
            record["retry_outcome"] = outcome
            retry_outcomes[outcome] += 1

        rows = {
            note[len("proof ") :]: (str(row_id), count)
            for note, row_id, count in self.sql(
                "SELECT note, min(id::text), count(*) FROM check_ins WHERE note LIKE 'proof %%' GROUP BY note"
            )
        }
        lost = [r for r in acknowledged if r["key"] not in rows or rows[r["key"]][0] != r["id"]]
        duplicates = {key: count for key, (_id, count) in rows.items() if count > 1}
        stuck_keys = set(self.incomplete_claims([r["key"] for r in failed]))
        stuck = len(stuck_keys)
        stuck_with_row = len(stuck_keys & committed_before_retry)
        retried_ok = sum(1 for r in failed if "retry_id" in r)
        retry_matches = all(
            rows.get(r["key"], (None,))[0] == r["retry_id"] for r in failed if "retry_id" in r
        )

        lines.append(
            f"{len(writers)} members wrote check-ins (POST /coaching-plans/{{id}}/check-ins with an "
            f"Idempotency-Key) through nginx for {load_seconds:.1f} s: {len(records)} requests, "
            f"{len(records) / load_seconds:.0f}/s"
        )
        lines.append(
            f"SIGKILL of {victim_name} (master pid {events['killed_pid']} and its workers) "
            f"at t={events['killed']:.1f} s; "
            f"restarted at t={events['restarting']:.1f} s, ready at t={events['ready']:.1f} s; "
            f"it served {rejoined} acknowledged writes after rejoining"
        )
        lines.append(
            "acknowledged before the kill by instance: "
            + ", ".join(f"{k} x{v}" for k, v in sorted(before_kill.items()))
        )
        lines.append(
            "acknowledged after the kill by instance:  "
            + ", ".join(f"{k} x{v}" for k, v in sorted(after_kill.items()))
        )
        lines.append(
            f"acknowledged (2xx) {len(acknowledged)}; not acknowledged {len(failed)} "
            f"({', '.join(f'{k} x{v}' for k, v in failure_kinds.items()) or 'none'}), "
            f"of which {len(committed_before_retry)} had in fact been committed and "
            f"{len(claimed_before_retry)} had left their Idempotency-Key claimed"
        )
        lines.append(
            f"retried with the same key through nginx: {len(failed)} -> "
            + (", ".join(f"{k} x{v}" for k, v in retry_outcomes.items()) or "nothing to retry")
        )
        lines.append(f"peak PostgreSQL connections to the database during the load: {peak_connections[0]}")
        ok = check(
            lines, not lost, f"lost acknowledged writes: {len(lost)} (every acknowledged id is in check_ins)"
        )
        ok &= check(lines, not duplicates, f"duplicate rows for one Idempotency-Key: {len(duplicates)}")
        ok &= check(lines, retry_matches, "every successful retry returned the one row stored for its key")
        ok &= check(
            lines,
            len(failed) <= 2 * len(writers) + 5,
            f"only requests in flight at the kill failed ({len(failed)} <= {2 * len(writers) + 5}); "
            "nginx routed new ones around the dead instance",
        )
        resolved = retried_ok == len(failed)
        lines.append(
            f"[{'ok' if resolved else 'WARNING'}] failed requests completed by retry: "
            f"{retried_ok}/{len(failed)}; keys still claimed as in progress: {stuck}"
            + (
                f" ({stuck_with_row} with their check-in committed, {stuck - stuck_with_row} without): "
                "their retries get 409 for the claim lease (120 s), then run again if nothing was committed"
                if stuck
                else ""
            )
        )
        self.report.section("d. Killing an instance mid-load", ok, lines)
        self.retry_unresolved = len(failed) - retried_ok
        self.stuck_keys = stuck

    # -- e. micro-cache for signed-out reads ---------------------------------------------------------

    def live_events_across_instances(self, facilitator: Member, member: Member) -> None:
        """A thread written on instance 2 reaches streams held open on instance 1's stream pool and
        through nginx, within 2 s (Redis pub/sub between the processes)."""
        lines: list[str] = []
        client = self.via_nginx(facilitator)
        group = client.call("POST", "/api/v1/groups", facilitator.token, {
            "name": "Live circle",
            "description": "A group for the live-events proof.",
            "topics": ["alcohol"],
            "format": "online",
            "region": "GB",
            "time_zone": "Europe/London",
            "guidelines": "Speak from your own experience. What is said here stays here.",
        })  # fmt: skip
        assert group.status_code == 201, group.text[:300]
        group_id, version = group.json()["id"], group.json()["guidelines_version"]
        joined = self.via_nginx(member).call(
            "POST",
            f"/api/v1/groups/{group_id}/memberships",
            member.token,
            {"accepted_guidelines_version": version},
        )
        assert joined.status_code == 201, joined.text[:300]
        received: dict[str, float] = {}
        opened = threading.Barrier(3)

        def listen(label: str, base: str) -> None:
            ticket = self.via_nginx(member).call(
                "POST", "/api/v1/events/tickets", member.token, {"channels": [f"group:{group_id}"]}
            )
            assert ticket.status_code == 201, ticket.text[:300]
            requests, _adapter = _requests()
            url = f"{base}/api/v1/events?ticket={ticket.json()['ticket']}"
            with requests.get(url, stream=True, timeout=10) as stream:
                lines.append(f"{label}: {stream.status_code} {stream.headers.get('Content-Type')}")
                chunks = stream.iter_lines(decode_unicode=True)
                next(chunks)  # the retry hint: the stream is open
                opened.wait(timeout=10)
                for line in chunks:
                    if line == "event: thread.created":
                        received[label] = time.perf_counter()
                        return

        listeners = [
            threading.Thread(target=listen, args=("stream on instance 1's pool", self.topo.stream_url(0))),
            threading.Thread(target=listen, args=("stream through nginx", self.nginx)),
        ]
        for listener in listeners:
            listener.start()
        opened.wait(timeout=10)
        time.sleep(0.2)
        sent = time.perf_counter()
        thread = self.direct(1, facilitator).call(
            "POST", f"/api/v1/groups/{group_id}/threads", facilitator.token,
            {"title": "Tonight", "body": "How is everyone doing this week?"},
        )  # fmt: skip
        lines.append(f"thread written on instance 2: {thread.status_code}")
        for listener in listeners:
            listener.join(timeout=5)
        ok = check(lines, thread.status_code == 201, "the write succeeded on another instance")
        for label in ("stream on instance 1's pool", "stream through nginx"):
            delay = received.get(label)
            ok &= check(
                lines,
                delay is not None and delay - sent < 2.0,
                f"{label}: thread.created after "
                + (f"{(delay - sent) * 1000:.0f} ms" if delay is not None else "never (5 s)"),
            )
        self.report.section("f. Live events reach streams on other instances", ok, lines)

    def public_micro_cache(self, facilitator: Member, member: Member) -> None:
        """A visitor's repeat of a public read is a cache HIT; a signed-in read never touches it."""
        lines: list[str] = []
        group = self.via_nginx(facilitator).call(
            "POST",
            "/api/v1/groups",
            facilitator.token,
            {
                "name": f"Open door circle {uuid.uuid4().hex[:6]}",
                "description": "A public group visitors can read about before signing up.",
                "topics": ["wellbeing"],
                "format": "online",
                "region": "GB",
                "time_zone": "Europe/London",
                "guidelines": "Speak from your own experience. What is said here stays here.",
            },
        )
        assert group.status_code == 201, group.text[:300]
        path = f"/api/v1/groups/{group.json()['id']}"
        visitor = Client(self.nginx, source=source_address(230))
        first, repeat = visitor.call("GET", path), visitor.call("GET", path)
        statuses = [first.headers.get("X-Cache-Status"), repeat.headers.get("X-Cache-Status")]
        lines.append(
            f"signed out, GET {path} twice: {statuses}, Cache-Control {repeat.headers.get('Cache-Control')}"
        )
        ok = check(lines, first.status_code == repeat.status_code == 200, "both answered 200")
        ok &= check(lines, statuses == ["MISS", "HIT"], "the first filled the cache, the repeat was a HIT")
        ok &= check(lines, first.json() == repeat.json(), "the cached answer is the visitor's answer")

        signed_in = [self.via_nginx(member).call("GET", path, member.token) for _ in range(2)]
        states = [response.headers.get("X-Cache-Status") for response in signed_in]
        control = signed_in[0].headers.get("Cache-Control")
        lines.append(f"signed in, the same GET twice: {states}, Cache-Control {control}")
        ok &= check(lines, states == ["BYPASS", "BYPASS"], "a request with a token bypasses the cache")
        ok &= check(
            lines,
            first.json()["facilitators"] is None
            and all(response.json()["facilitators"] is not None for response in signed_in)
            and all("no-store" in response.headers.get("Cache-Control", "") for response in signed_in),
            "members get their own answer (with facilitators, which visitors do not get), marked no-store",
        )
        after = visitor.call("GET", path)
        ok &= check(
            lines,
            after.headers.get("X-Cache-Status") == "HIT" and after.json() == first.json(),
            "a member's read left the visitor's cached answer as it was (nothing personal stored)",
        )
        self.report.section("e. Micro-cache for signed-out reads", ok, lines)


# -- the report file -------------------------------------------------------------------------------


def machine_description(topology: scaleout.Topology) -> list[str]:
    import psycopg
    from redis import Redis

    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    with psycopg.connect(scaleout.psycopg_url(topology.database_url)) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
        max_connections = conn.execute("SHOW max_connections").fetchone()[0]
    redis_version = Redis.from_url(topology.redis_url).info("server")["redis_version"]
    nginx_version = subprocess.run(
        [scaleout.nginx_binary(), "-v"], capture_output=True, text=True
    ).stderr.strip()
    gunicorn_version = subprocess.run(
        [scaleout.bin_path("gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    return [
        f"CPU: {os.cpu_count()} cores (`nproc`), {cpu.group(1).strip() if cpu else platform.processor()}; "
        f"RAM {mem_kib / 1024 / 1024:.1f} GiB; load average at start {os.getloadavg()[0]:.1f} "
        "(the machine is shared with other test runs)",
        f"PostgreSQL {pg_version} (max_connections {max_connections}), Redis {redis_version}, "
        f"{nginx_version.replace('nginx version: ', '')}, {gunicorn_version}, "
        f"Python {platform.python_version()}",
        f"Topology: nginx {topology.nginx_url} -> {topology.instances} gunicorn instances "
        f"x {topology.workers} "
        f"{topology.worker_class} workers ({', '.join(f'127.0.0.1:{p}' for p in topology.instance_ports)}), "
        f"{topology.job_workers} RQ workers (`flask jobs-worker`, with scheduler), "
        "`send-due-reminders --every 60`, "
        f"`webhooks-retry --every 60`; PEERWAY_ENV=production, TRUSTED_PROXY_COUNT=1, production rate limits",
    ]


def write_proof(report: Report, machine: list[str], started: dt.datetime, seconds: float) -> Path:
    out = [
        "# Scale-out proof",
        "",
        f"Generated by `python deploy/prove.py` on {started:%Y-%m-%d %H:%M} UTC in {seconds:.0f} s. "
        "Every number below comes from that run; rerun the command to refresh this file.",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in machine],
        "",
    ]
    for title, ok, lines in report.sections:
        out += [f"## {title}: {'PASS' if ok else 'FAIL'}", ""]
        out += [f"  - {line.strip()}" if line.startswith("    ") else f"- {line}" for line in lines]
        out.append("")
    out += [
        "## Reading section d",
        "",
        "Acknowledged means the client received a 2xx. The requests that were not acknowledged were",
        "in flight inside the killed instance: nginx answered them 502 and did not resend them (a POST",
        "that reached an instance is never resent; see `proxy_next_upstream` in deploy/README.md). A",
        "retry with the same Idempotency-Key then either created the check-in (the first attempt had",
        "not committed), or replayed the stored response (it had committed and stored its response).",
        "A key whose worker died between claiming it and storing the response stays claimed for the",
        "claim lease (120 s): then a retry runs again if nothing was committed, or is told to look",
        "the object up if it was. Nothing is lost or duplicated.",
        "",
    ]
    overall = "PASS" if not report.checks_failed else f"FAIL ({', '.join(report.checks_failed)})"
    out += [f"**Result: {overall}**", ""]
    path = HERE / "PROOF.md"
    path.write_text("\n".join(out))
    return path


def main() -> int:
    scaleout._reexec_in_venv()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--database-url", default=scaleout.DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=scaleout.DEFAULT_REDIS_URL)
    parser.add_argument("--keep-running", action="store_true", help="leave the topology up afterwards")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite deploy/PROOF.md")
    args = parser.parse_args()
    if args.instances < 2:
        parser.error("the proof needs at least 2 instances")

    started_at = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    topology = scaleout.Topology(
        instances=args.instances,
        workers=args.workers,
        worker_class=args.worker_class,
        port=args.port,
        database_url=args.database_url,
        redis_url=args.redis_url,
    )
    report = Report()
    print("Starting the topology...", flush=True)
    topology.start()
    try:
        print(topology.describe(), flush=True)
        machine = machine_description(topology)
        proof = Proof(topology, report)
        run = uuid.uuid4().hex[:6]
        people = [Member(i, f"m{i}-{run}@example.org", f"Member {i}") for i in range(MEMBERS)]
        facilitator = Member(200, f"facilitator-{run}@example.org", "Facilitator")
        admin = Member(201, f"admin-{run}@example.org", "Admin")
        limited = Member(202, f"limited-{run}@example.org", "Limited")
        print(f"\nRegistering and signing in {MEMBERS + 3} members through nginx...", flush=True)
        proof.register_and_login([*people, facilitator, admin, limited])
        topology.flask("grant-role", facilitator.email, "facilitator", quiet=True)
        topology.flask("grant-role", admin.email, "admin", quiet=True)

        proof.rsvp_capacity(facilitator, people)
        proof.shared_rate_limits(limited, nginx_address=240, direct_address=7)
        proof.revocation_and_ban(signer=people[0], target=people[1], reporter=people[2], admin=admin)
        proof.kill_mid_load(people[10 : 10 + WRITERS], victim=1)
        proof.public_micro_cache(facilitator, member=people[3])
        proof.live_events_across_instances(facilitator, member=people[4])
    finally:
        if not args.keep_running:
            print("\nStopping the topology...", flush=True)
            topology.stop()
    seconds = time.perf_counter() - began
    if not args.no_write:
        path = write_proof(report, machine, started_at, seconds)
        print(f"\nWrote {path.relative_to(HERE.parent)}")
    if report.checks_failed:
        print(f"FAILED: {', '.join(report.checks_failed)}")
        return 1
    print(f"All checks passed in {seconds:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
