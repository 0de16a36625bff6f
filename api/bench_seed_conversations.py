"""Group conversations for the benchmark dataset: threads, replies, reactions, settings, folded topics.

Part of `flask seed-bench` (see `api.bench_seed`), and callable on its own to top up a bench
database seeded before conversations existed (`bench/load.py` does). It reads the groups and the
memberships already in the database, so it needs no state from the rest of the seed.

Proportions at scale 1 (10,000 groups): every group the load generator's members belong to
(`LOAD_MEMBERS`, see `load_generator_members`) is busy, with `BUSY_THREADS` threads; other groups
have 0 to 12. Replies per thread are skewed like real forums (most threads a handful, one in
thirty a long one of 30 to 100), which gives about 70,000 threads and 380,000 posts. Each group has
a pinned welcome thread from its facilitator; some posts carry content notes, are anonymous to
peers, edited, hidden with a reason, deleted or held; some threads are locked; a few groups have
slow mode, a daily cap or first posts held. Published posts get supportive reactions from members
of the group, and one member in ten folds one or two topics.
"""

import datetime as dt
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from api.models.conversations import CONTENT_NOTES, REACTIONS

# The members bench/load.py signs in: the first coachees in the order of this SQL clause.
LOAD_MEMBERS = 100
LOAD_MEMBER_ORDER = "ORDER BY length(m.email), m.email"
BUSY_THREADS = 40
TITLES = (
    "How do you get through the evenings?",
    "Ninety days today",
    "Telling family: how did you do it?",
    "Sleep has been rough this week",
    "Small wins thread",
    "What helps on a craving day?",
    "First meeting nerves",
    "Grief comes in waves",
    "Going back to work",
    "Setting boundaries with old friends",
    "Anyone else find weekends hardest?",
    "Books and podcasts that helped",
)
SENTENCES = (
    "Thank you for sharing this, it helps to know I am not the only one.",
    "Evenings are still the hardest part of the day for me.",
    "A walk after dinner has been helping more than I expected.",
    "I told my sister last week and it went better than I feared.",
    "Some days I just need to read that other people get it.",
    "My sponsor suggested writing down three things each night.",
    "I slipped on Saturday, but I am back here and that counts.",
    "The breathing exercise from the last session really works for me.",
    "Proud of you for reaching out, that takes courage.",
    "I keep a list of people I can call when it gets loud in my head.",
    "Cooking something new kept my hands busy this weekend.",
    "It is okay to leave a party early; I do it all the time now.",
    "Grief changes shape, but it does get easier to carry.",
    "Sleep got better for me after a few weeks without screens at night.",
)
FOLDED_TOPIC_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: uuid.UUID
    facilitator_id: uuid.UUID
    members: tuple[uuid.UUID, ...]


def load_generator_members(cursor) -> list[uuid.UUID]:
    """The coachees bench/load.py signs in (the same query, the same order)."""
    cursor.execute(
        "SELECT m.id FROM members m JOIN coaching_plans p ON p.member_id = m.id "
        f"{LOAD_MEMBER_ORDER} LIMIT {LOAD_MEMBERS}"
    )
    return [row[0] for row in cursor.fetchall()]


def seed_conversations(cursor, copy, now: dt.datetime) -> dict[str, int]:
    """Write every conversation table from the groups and memberships in the database.

    `copy(cursor, table, columns, rows)` is the seed's COPY helper. Returns row counts."""
    groups = _groups(cursor)
    busy = _busy_groups(cursor)
    threads, posts = _threads_and_posts(groups, busy, now)
    copy(cursor, "threads", THREAD_COLUMNS, threads)
    copy(cursor, "posts", POST_COLUMNS, (row for row, _ in posts))
    reactions = list(_reactions(posts, groups, now))
    copy(cursor, "post_reactions", ("post_id", "member_id", "kind", "created_at"), reactions)
    settings = list(_settings(groups, busy, now))
    copy(
        cursor,
        "conversation_settings",
        ("group_id", "slow_mode_seconds", "daily_post_cap", "hold_first_posts", "updated_at"),
        settings,
    )
    folded = list(_folded_topics(cursor))
    copy(cursor, "hidden_content_notes", ("member_id", "note"), folded)
    return {
        "threads": len(threads),
        "posts": len(posts),
        "post_reactions": len(reactions),
        "conversation_settings": len(settings),
        "hidden_content_notes": len(folded),
    }


def _groups(cursor) -> dict[uuid.UUID, GroupInfo]:
    cursor.execute(
        "SELECT group_id, member_id, role FROM memberships WHERE status = 'active' "
        "ORDER BY group_id, member_id"
    )
    members: dict[uuid.UUID, list] = defaultdict(list)
    facilitators: dict[uuid.UUID, uuid.UUID] = {}
    for group_id, member_id, role in cursor.fetchall():
        if role == "facilitator":
            facilitators.setdefault(group_id, member_id)
        else:
            members[group_id].append(member_id)
    return {
        group_id: GroupInfo(group_id, facilitator_id, tuple(members[group_id]))
        for group_id, facilitator_id in sorted(facilitators.items())
    }


def _busy_groups(cursor) -> set[uuid.UUID]:
    signed_in = load_generator_members(cursor)
    cursor.execute("SELECT DISTINCT group_id FROM memberships WHERE member_id = ANY(%s)", (signed_in,))
    return {row[0] for row in cursor.fetchall()}


THREAD_COLUMNS = (
    "id",
    "group_id",
    "author_id",
    "title",
    "is_pinned",
    "locked_at",
    "slow_mode_seconds",
    "reply_count",
    "last_post_at",
    "created_at",
)
POST_COLUMNS = (
    "id",
    "thread_id",
    "group_id",
    "author_id",
    "is_opening",
    "body",
    "anonymous_to_peers",
    "content_notes",
    "status",
    "shows_risk_signs",
    "edited_at",
    "deleted_at",
    "author_left",
    "hidden_at",
    "hidden_by_id",
    "hidden_reason",
    "decided_at",
    "decided_by_id",
    "facilitator_note",
    "created_at",
)


def _reply_count() -> int:
    roll = random.random()
    if roll < 0.03:
        return random.randint(30, 100)
    if roll < 0.25:
        return 0
    return random.randint(1, 6)


def _threads_and_posts(groups, busy, now):
    """Thread rows, and (post row, group id) pairs; a thread's counters match its published replies."""
    threads, posts = [], []
    for group in groups.values():
        writers = (group.facilitator_id, *group.members)
        count = BUSY_THREADS if group.id in busy else random.randint(0, 12)
        for number in range(count):
            pinned = number == 0  # the facilitator's welcome thread
            author = group.facilitator_id if pinned else random.choice(writers)
            started = now - dt.timedelta(days=200 if pinned else random.uniform(0, 180))
            thread_id = uuid.uuid4()
            title = "Welcome: start here" if pinned else random.choice(TITLES)
            opening = _post(thread_id, group, author, True, started, now)
            posts.append((opening, group.id))
            published, last = 0, started
            moment = started
            for _ in range(_reply_count()):
                moment = min(moment + dt.timedelta(minutes=random.expovariate(1 / 600)), now)
                reply = _post(thread_id, group, random.choice(writers), False, moment, now)
                posts.append((reply, group.id))
                if reply[8] == "published":
                    published, last = published + 1, moment
            locked = started + dt.timedelta(days=30) if not pinned and random.random() < 0.03 else None
            slow = 60 if random.random() < 0.02 else 0
            threads.append(
                (thread_id, group.id, author, title, pinned, locked, slow, published, last, started)
            )
    return threads, posts


def _post(thread_id, group: GroupInfo, author, is_opening: bool, created, now) -> tuple:
    roll = random.random()
    status = "published"
    if roll < 0.01:
        status = "hidden"
    elif roll < 0.02:
        status = "deleted"
    elif roll < 0.025 and not is_opening:
        status = "held"
    body = None if status == "deleted" else " ".join(random.sample(SENTENCES, random.randint(1, 5)))
    notes = random.sample(CONTENT_NOTES, random.randint(1, 2)) if status != "deleted" and roll > 0.92 else []
    hidden = status == "hidden"
    edited = created + dt.timedelta(minutes=5) if body and random.random() < 0.05 else None
    annotated = status == "published" and random.random() < 0.005
    return (
        uuid.uuid4(),
        thread_id,
        group.id,
        author,
        is_opening,
        body,
        random.random() < 0.07,
        json.dumps(notes),
        status,
        status == "published" and random.random() < 0.005,
        edited,
        created + dt.timedelta(hours=1) if status == "deleted" else None,
        False,
        created + dt.timedelta(hours=2) if hidden else None,
        group.facilitator_id if hidden else None,
        "Names someone outside the group." if hidden else None,
        None,
        None,
        "Questions about medication belong with a prescriber." if annotated else None,
        min(created, now),
    )


def _reactions(posts, groups, now):
    """Up to three supportive reactions per published post, from distinct members of its group."""
    for row, group_id in posts:
        if row[8] != "published":
            continue
        members = groups[group_id].members
        wanted = min(random.choice((0, 0, 0, 0, 1, 1, 2, 3)), len(members))
        for member_id in random.sample(members, wanted):
            yield (row[0], member_id, random.choice(REACTIONS), now)


def _settings(groups, busy, now):
    """A few groups slow down or hold first posts; the busy groups keep the defaults (no row) so
    the load generator's replies measure posting, not the 429 of slow mode (bench/README.md)."""
    for group_id in groups:
        if group_id in busy:
            continue
        roll = random.random()
        if roll < 0.05:
            yield (group_id, 30, None, False, now)
        elif roll < 0.08:
            yield (group_id, 0, 20, False, now)
        elif roll < 0.15:
            yield (group_id, 0, None, True, now)


def _folded_topics(cursor):
    cursor.execute("SELECT id FROM members")
    for (member_id,) in cursor.fetchall():
        if random.random() < FOLDED_TOPIC_SHARE:
            for note in random.sample(CONTENT_NOTES, random.randint(1, 2)):
                yield (member_id, note)
