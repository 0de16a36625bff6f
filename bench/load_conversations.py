"""The group conversation routes in the load benchmark (`load.py`): the requests wrk sends, built
from the bench database, and a top-up for a bench database seeded before conversations existed.

Every signed-in member reads and replies only in groups where they are an active member who
accepted the current guidelines and is not muted: the conversation's readers and writers. Replies
go only to threads that are not locked and have no slow mode, in groups without slow mode, a
daily cap or first posts held (`api/bench_seed_conversations.py` leaves the load generator's
groups so): the bench measures the posting path, not a 429 or a held post. The per-member post
limit (`RATELIMIT_POSTS`) is raised for the run like the other limits (`load.py`, `_app_env`).
"""

import datetime as dt
import json
import random
import sys
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.bench_seed_conversations import LOAD_MEMBER_ORDER  # noqa: E402, F401  (load.py orders by it)

THREADS_PER_MEMBER = 5
REPLIES = (
    "Thank you for sharing this. Evenings are hard for me too; a walk after dinner helps.",
    "Same here. I keep a list of people I can call, and it makes the loud days quieter.",
    "Proud of you for posting. What helped me most was telling one person first.",
    "I read this twice. You are not the only one, and this group is a good place to say it.",
)
# Who may write in a group's conversation: an active member, not muted, current guidelines.
WRITER = (
    "ms.status = 'active' AND (NOT ms.is_muted OR ms.muted_until < now()) "
    "AND ms.accepted_guidelines_version = g.guidelines_version AND m.banned_at IS NULL"
)
# A thread's opening post a peer can see (held and declined ones are the author's and facilitators').
VISIBLE_OPENING = "p.is_opening AND p.status NOT IN ('held', 'declined')"


def ensure_conversations(engine) -> None:
    """Seed the conversations of a bench database that has none (one seeded before they existed)."""
    from api.bench_seed import _copy
    from api.bench_seed_conversations import seed_conversations

    with engine.connect() as connection:
        if connection.execute(text("SELECT EXISTS (SELECT 1 FROM threads)")).scalar():
            return
    print(f"seeding conversations into {engine.url.database} ...", flush=True)
    random.seed(2026)
    raw = engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cursor:
            counts = seed_conversations(cursor, _copy, dt.datetime.now(dt.UTC).replace(microsecond=0))
        raw.driver_connection.commit()
        with raw.driver_connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE threads, posts, post_reactions, conversation_settings, hidden_content_notes"
            )
        raw.driver_connection.commit()
    finally:
        raw.close()
    print("  " + ", ".join(f"{count:,} {table}" for table, count in counts.items()), flush=True)


def conversation_ids(connection, signed_in: list) -> dict:
    """For each signed-in member (by index): their groups, threads to read and threads to reply to."""
    index_of = {member_id: index for index, member_id in enumerate(signed_in)}
    groups = connection.execute(
        text(
            "SELECT ms.member_id, ms.group_id FROM memberships ms JOIN groups g ON g.id = ms.group_id "
            f"JOIN members m ON m.id = ms.member_id WHERE ms.member_id = ANY(:members) AND {WRITER} "
            "ORDER BY ms.member_id, ms.group_id"
        ),
        {"members": signed_in},
    ).all()

    def threads(extra: str) -> list[tuple[int, str]]:
        rows = connection.execute(
            text(
                "SELECT member_id, thread_id FROM (SELECT ms.member_id, t.id AS thread_id, row_number() OVER "
                "(PARTITION BY ms.member_id ORDER BY md5(t.id::text)) AS n FROM memberships ms "
                "JOIN groups g ON g.id = ms.group_id JOIN members m ON m.id = ms.member_id "
                "JOIN threads t ON t.group_id = ms.group_id JOIN posts p ON p.thread_id = t.id "
                "LEFT JOIN conversation_settings cs ON cs.group_id = g.id "
                f"WHERE ms.member_id = ANY(:members) AND {WRITER} AND {VISIBLE_OPENING} {extra}) ranked "
                "WHERE n <= :per_member ORDER BY n, member_id"
            ),
            {"members": signed_in, "per_member": THREADS_PER_MEMBER},
        ).all()
        return [(index_of[member_id], str(thread_id)) for member_id, thread_id in rows]

    return {
        "groups": [(index_of[member_id], str(group_id)) for member_id, group_id in groups],
        "readable": threads(""),
        "repliable": threads(
            "AND t.locked_at IS NULL AND t.slow_mode_seconds = 0 AND p.status = 'published' "
            "AND (cs.group_id IS NULL OR (cs.slow_mode_seconds = 0 AND cs.daily_post_cap IS NULL "
            "AND NOT cs.hold_first_posts))"
        ),
    }


def add_conversation_requests(add, ids: dict, auth: list[dict], json_headers: list[dict]) -> None:
    """Thread list, thread page (the thread, then its first page of replies) and a reply."""

    def get(name: str, pairs: list[tuple[int, str]], path: str) -> None:
        add(name, []).extend(
            {"method": "GET", "path": path.format(id=target), "headers": auth[index]}
            for index, target in pairs
        )

    get("thread_list", ids["groups"], "/api/v1/groups/{id}/threads?limit=20")
    get("thread_page", ids["readable"], "/api/v1/threads/{id}")
    get("thread_posts", ids["readable"], "/api/v1/threads/{id}/posts?limit=20")
    add("thread_reply", []).extend(
        {
            "method": "POST",
            "path": f"/api/v1/threads/{thread_id}/posts",
            "headers": json_headers[index],
            "body": json.dumps({"body": REPLIES[number % len(REPLIES)]}),
        }
        for number, (index, thread_id) in enumerate(ids["repliable"])
    )
