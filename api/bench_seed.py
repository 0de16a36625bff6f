"""A realistic national-scale dataset for benchmarks, bulk-loaded into PostgreSQL with COPY.

`flask seed-bench --scale 1` writes 100,000 members, 10,000 groups, 500,000 sessions, 2,000,000
RSVPs, 1,000,000 check-ins and 100,000 resources (all counts times the scale), and the groups'
conversations (`api.bench_seed_conversations`: about 70,000 threads and 380,000 posts). Rows go through
PostgreSQL's COPY protocol, not the ORM row by row: the ORM would take hours at this size.

Every bench member shares one password (`BENCH_PASSWORD`), hashed once with the deployment's
argon2 parameters, so the load generator can sign in as any of them and login cost is real.
"""

import datetime as dt
import json
import random
import time
import uuid
from dataclasses import dataclass, field

from flask import current_app

from api.bench_seed_conversations import seed_conversations
from api.models.groups import TOPICS
from api.passwords import hash_password

BENCH_PASSWORD = "bench-harbour-lantern-2026"
BENCH_EMAIL_DOMAIN = "bench.peerway.test"
FACILITATORS = 500
COACHES = 200
WORDS = (
    "recovery alcohol anxiety grief evening morning circle support family hope calm share "
    "steady together kind quiet open honest walk breathe rest connect gentle brave"
).split()
REGIONS = ("GB", "US", "CA", "AU", "IE")
ZONES = {
    "GB": "Europe/London",
    "US": "America/New_York",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "IE": "Europe/Dublin",
}
RESOURCE_KINDS = ("helpline", "treatment_service", "mutual_aid_meeting", "therapy", "peer_community")


@dataclass
class Sizes:
    members: int
    groups: int
    sessions_per_group: int
    rsvps_per_session: int
    plans: int
    check_ins_per_plan: int
    resources: int
    memberships_per_member: int = 3

    @classmethod
    def at_scale(cls, scale: float) -> "Sizes":
        return cls(
            members=max(int(100_000 * scale), FACILITATORS + COACHES + 100),
            groups=max(int(10_000 * scale), 10),
            sessions_per_group=50,
            rsvps_per_session=4,
            plans=max(int(20_000 * scale), 10),
            check_ins_per_plan=50,
            resources=max(int(100_000 * scale), 10),
        )


@dataclass
class Loaded:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def seed_bench(engine, scale: float, seed: int = 2026) -> Loaded:
    """Load the dataset; the tables must exist (migrated) and hold no bench rows yet."""
    if engine.dialect.name != "postgresql":
        raise RuntimeError(
            "seed-bench loads PostgreSQL with COPY; set DATABASE_URL to a PostgreSQL database."
        )
    random.seed(seed)
    sizes = Sizes.at_scale(scale)
    loaded = Loaded()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    password_hash = hash_password(BENCH_PASSWORD)
    raw = engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cursor:
            member_ids = _timed(loaded, "members", lambda: _members(cursor, sizes, password_hash, now))
            groups = _timed(loaded, "groups", lambda: _groups(cursor, sizes, now))
            members_of = _timed(
                loaded, "memberships", lambda: _memberships(cursor, sizes, member_ids, groups, now)
            )
            sessions = _timed(loaded, "group_sessions", lambda: _sessions(cursor, sizes, groups, now))
            _timed(loaded, "rsvps", lambda: _rsvps(cursor, sizes, sessions, members_of, now))
            _timed(loaded, "check_ins", lambda: _coaching(cursor, sizes, member_ids, now))
            _timed(loaded, "resources", lambda: _resources(cursor, sizes, now))
            _timed(loaded, "conversations", lambda: seed_conversations(cursor, _copy, now))
        raw.driver_connection.commit()
        with raw.driver_connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("ANALYZE")
            loaded.seconds["analyze"] = time.perf_counter() - started
        raw.driver_connection.commit()
    finally:
        raw.close()
    loaded.counts = _counts(engine)
    return loaded


def _timed(loaded: Loaded, name: str, step):
    started = time.perf_counter()
    result = step()
    loaded.seconds[name] = time.perf_counter() - started
    return result


def _copy(cursor, table: str, columns: tuple[str, ...], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _members(cursor, sizes: Sizes, password_hash: str, now) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(sizes.members)]
    prefs = json.dumps({"email_reminders": True, "in_app": True, "reminders": ["24h", "1h"]})

    def rows():
        for index, member_id in enumerate(ids):
            role = (
                "facilitator"
                if index < FACILITATORS
                else "coach"
                if index < FACILITATORS + COACHES
                else "member"
            )
            region = REGIONS[index % len(REGIONS)]
            recovery = (now - dt.timedelta(days=index % 900)).date() if index % 3 else None
            yield (
                member_id,
                f"bench{index}@{BENCH_EMAIL_DOMAIN}",
                password_hash,
                f"Bench {index}",
                ZONES[region],
                recovery,
                True,
                role,
                role == "facilitator",
                prefs,
                now,
                now,
            )

    columns = (
        "id",
        "email",
        "password_hash",
        "display_name",
        "time_zone",
        "recovery_start_date",
        "show_recovery_counter",
        "role",
        "is_trained_facilitator",
        "notification_prefs",
        "created_at",
        "updated_at",
    )
    _copy(cursor, "members", columns, rows())
    return ids


def _groups(cursor, sizes: Sizes, now) -> list[tuple[uuid.UUID, str]]:
    groups = [(uuid.uuid4(), REGIONS[index % len(REGIONS)]) for index in range(sizes.groups)]

    def rows():
        for index, (group_id, region) in enumerate(groups):
            words = random.sample(WORDS, 4)
            yield (
                group_id,
                f"bench-{index}",
                f"{' '.join(words[:2]).title()} {index}",
                f"{' '.join(words)} peer support group",
                random.choice(("online", "in_person", "hybrid")),
                random.choice(("en", "en", "en", "es", "fr")),
                region,
                ZONES[region],
                "open",
                "public" if index % 10 else "private",
                index % 7 != 0,
                1,
                now - dt.timedelta(minutes=index),
                now,
            )

    columns = (
        "id",
        "slug",
        "name",
        "description",
        "format",
        "language",
        "region",
        "time_zone",
        "join_policy",
        "visibility",
        "is_free",
        "guidelines_version",
        "created_at",
        "updated_at",
    )
    _copy(cursor, "groups", columns, rows())
    _copy(cursor, "group_topics", ("group_id", "topic"), ((gid, random.choice(TOPICS)) for gid, _ in groups))
    _copy(
        cursor,
        "group_guidelines",
        ("id", "group_id", "version", "text", "created_at"),
        ((uuid.uuid4(), gid, 1, "Be kind. What is said here stays here.", now) for gid, _ in groups),
    )
    return groups


def _memberships(cursor, sizes: Sizes, member_ids, groups, now) -> list[list[uuid.UUID]]:
    """Each group gets a facilitator; each member joins a few groups. Returns members per group."""
    members_of: list[list[uuid.UUID]] = [[] for _ in groups]

    def rows():
        for index, (group_id, _) in enumerate(groups):
            yield (
                uuid.uuid4(),
                group_id,
                member_ids[index % FACILITATORS],
                "active",
                "facilitator",
                False,
                1,
                now,
                now,
            )
        for member_id in member_ids[FACILITATORS:]:
            for group_index in random.sample(range(len(groups)), sizes.memberships_per_member):
                members_of[group_index].append(member_id)
                yield (
                    uuid.uuid4(),
                    groups[group_index][0],
                    member_id,
                    "active",
                    "member",
                    False,
                    1,
                    now,
                    now,
                )

    columns = (
        "id",
        "group_id",
        "member_id",
        "status",
        "role",
        "is_muted",
        "accepted_guidelines_version",
        "created_at",
        "updated_at",
    )
    _copy(cursor, "memberships", columns, rows())
    return members_of


def _sessions(cursor, sizes: Sizes, groups, now) -> list[tuple[uuid.UUID, int, dt.datetime]]:
    """Weekly sessions from about half a year back to half a year ahead."""
    sessions = []

    def rows():
        half = sizes.sessions_per_group // 2
        for group_index, (group_id, region) in enumerate(groups):
            hour = random.randint(0, 160)
            for week in range(-half, sizes.sessions_per_group - half):
                session_id = uuid.uuid4()
                starts = now + dt.timedelta(days=7 * week, hours=hour)
                sessions.append((session_id, group_index, starts))
                yield (
                    session_id,
                    group_id,
                    starts,
                    starts + dt.timedelta(minutes=90),
                    ZONES[region],
                    "scheduled",
                    sizes.rsvps_per_session,
                    False,
                    "Weekly meeting",
                    "[]",
                    12,
                    now,
                    now,
                )

    columns = (
        "id",
        "group_id",
        "starts_at",
        "ends_at",
        "time_zone",
        "status",
        "confirmed_count",
        "is_modified",
        "title",
        "content_warnings",
        "capacity",
        "created_at",
        "updated_at",
    )
    _copy(cursor, "group_sessions", columns, rows())
    return sessions


def _rsvps(cursor, sizes: Sizes, sessions, members_of, now) -> None:
    def rows():
        for session_id, group_index, starts in sessions:
            group_members = members_of[group_index]
            attendees = random.sample(group_members, min(sizes.rsvps_per_session, len(group_members)))
            for member_id in attendees:
                attendance = None if starts > now else ("attended" if random.random() < 0.85 else "no_show")
                requested = starts - dt.timedelta(days=2)
                yield (
                    uuid.uuid4(),
                    session_id,
                    member_id,
                    "confirmed",
                    requested,
                    attendance,
                    requested,
                    requested,
                )

    columns = (
        "id",
        "session_id",
        "member_id",
        "status",
        "requested_at",
        "attendance",
        "created_at",
        "updated_at",
    )
    _copy(cursor, "rsvps", columns, rows())


def _coaching(cursor, sizes: Sizes, member_ids, now) -> None:
    """Plans for the first members after the staff, each with a coach and daily check-ins."""
    coachees = member_ids[FACILITATORS + COACHES : FACILITATORS + COACHES + sizes.plans]
    coaches = member_ids[FACILITATORS : FACILITATORS + COACHES]
    plans = [(uuid.uuid4(), member_id) for member_id in coachees]
    _copy(
        cursor,
        "coaching_relationships",
        ("id", "member_id", "coach_id", "status", "initiated_by", "started_at", "created_at", "updated_at"),
        (
            (uuid.uuid4(), member_id, coaches[index % len(coaches)], "active", "member", now, now, now)
            for index, member_id in enumerate(coachees)
        ),
    )
    _copy(
        cursor,
        "coaching_plans",
        ("id", "member_id", "title", "focus_areas", "status", "created_at", "updated_at"),
        ((plan_id, member_id, "My plan", '["sleep"]', "active", now, now) for plan_id, member_id in plans),
    )

    def rows():
        for plan_id, member_id in plans:
            for day in range(sizes.check_ins_per_plan):
                phq9 = random.randint(0, 20) if day % 7 == 0 else None
                yield (
                    uuid.uuid4(),
                    plan_id,
                    member_id,
                    random.randint(3, 9),
                    random.randint(0, 6),
                    False,
                    "{}",
                    phq9,
                    False,
                    now - dt.timedelta(days=day, minutes=random.randint(0, 600)),
                )

    columns = (
        "id",
        "plan_id",
        "member_id",
        "mood",
        "craving",
        "note_shared",
        "answers",
        "phq9_total",
        "risk_flag",
        "created_at",
    )
    _copy(cursor, "check_ins", columns, rows())


def _resources(cursor, sizes: Sizes, now) -> None:
    ids = [uuid.uuid4() for _ in range(sizes.resources)]

    def rows():
        for index, resource_id in enumerate(ids):
            words = random.sample(WORDS, 5)
            verified = now - dt.timedelta(days=index % 500) if index % 4 else None
            yield (
                resource_id,
                f"{' '.join(words[:2]).title()} Service {index}",
                random.choice(RESOURCE_KINDS),
                f"Free confidential {' '.join(words)} support.",
                index % 2 == 0,
                REGIONS[index % len(REGIONS)],
                index % 9 == 0,
                random.choice(("free", "free", "low", "paid")),
                "[]",
                verified,
                now,
                now,
            )

    columns = (
        "id",
        "name",
        "kind",
        "description",
        "is_online",
        "region",
        "is_24_7",
        "cost",
        "tags",
        "verified_at",
        "created_at",
        "updated_at",
    )
    _copy(cursor, "resources", columns, rows())
    _copy(cursor, "resource_languages", ("resource_id", "language"), ((rid, "en") for rid in ids))


def _counts(engine) -> dict[str, int]:
    from sqlalchemy import text

    tables = (
        "members",
        "groups",
        "memberships",
        "group_sessions",
        "rsvps",
        "check_ins",
        "resources",
        "threads",
        "posts",
        "post_reactions",
    )
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in tables
        }


def bench_config_summary() -> dict:
    config = current_app.config
    return {
        "argon2": {
            "time_cost": config["ARGON2_TIME_COST"],
            "memory_kib": config["ARGON2_MEMORY_COST"],
            "parallelism": config["ARGON2_PARALLELISM"],
        }
    }
