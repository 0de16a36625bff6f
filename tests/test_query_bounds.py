"""Query discipline: every GET route under /api/v1 runs at most a fixed number of SQL statements.

`BOUNDS` maps each GET endpoint to who calls it, its URL and the most statements it may run. A
list is called with `limit=1` and `limit=20` on a scenario holding 20 items (10 webhook
subscriptions, the most a clinic may have): both pages must cost the same (no N+1) and stay within
the bound. A GET route without an entry fails `test_every_get_route_has_a_query_bound`.

Each bound is the count observed on SQLite and on PostgreSQL (they agree), so an extra statement
shows up here. If a change needs one, raise the bound and say why in `why`.

`VISITOR_BOUNDS` does the same for every read open to signed-out visitors (an operation whose
security allows no token), called without one: their lists are bounded too.

Vocabulary of the `why` texts:
- "auth": a signed-in request costs 1 statement (the login session, with its member joined); a
  clinic request costs 1 (the client, with its clinic joined).
- "group access": the group (or session, group joined), its topics (selectin) and my membership.
- "session decoration": `decorate_sessions` for the page: my RSVPs (whose eager join re-loads the
  groups' topics, +1) and my memberships.
- "coach access": the plan, the active-relationship check and the access-log INSERT that every
  read by a coach writes.
- "log": the access-log INSERT (one multi-row statement) a clinic's read writes before answering.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from api.db import Session, utcnow
from api.models import (
    AccessLogEntry,
    AuditEntry,
    Bookmark,
    ClinicInvitation,
    CoachingRelationship,
    CoachMessage,
    CoachNote,
    Goal,
    ModerationAction,
    Notification,
    Referral,
    Report,
    Step,
    WebhookDelivery,
    WebhookSubscription,
)
from tests.factories import (
    CheckInFactory,
    ClinicClientFactory,
    ClinicFactory,
    ClinicPatientFactory,
    CoachingPlanFactory,
    CoachingRelationshipFactory,
    ConsentFactory,
    GroupFactory,
    GroupSessionFactory,
    LoginSessionFactory,
    MemberFactory,
    MembershipFactory,
    ResourceFactory,
    RsvpFactory,
    weekly_series,
)

API_PREFIX = "/api/v1/"
PAGE = 20  # items built per list, and the large page size asked for
MIN_ITEMS = 3  # a large page must hold at least this many items for the N+1 check to mean much


@dataclass(frozen=True)
class Bound:
    """How to call one GET endpoint, and the most SQL statements it may run."""

    caller: str  # a key of Scenario.callers: member, facilitator, coach, admin, clinic, anonymous
    url: str  # filled in from Scenario.ids with str.format
    max_statements: int
    why: str  # what the statements are
    paged: bool = False  # a keyset-paginated list: also checked for N+1 across page sizes


def page(caller: str, url: str, max_statements: int, why: str) -> Bound:
    return Bound(caller, url, max_statements, why, paged=True)


def one(caller: str, url: str, max_statements: int, why: str) -> Bound:
    return Bound(caller, url, max_statements, why)


ME = "/api/v1/members/me"
PLAN = "/api/v1/coaching-plans/{plan}"
PATIENT = "/api/v1/clinic/members/{patient}"

BOUNDS: dict[str, Bound] = {
    # --- groups, memberships, sessions, bookings, calendars ------------------------------------
    "groups.Groups": page(
        "member",
        "/api/v1/groups",
        6,
        "auth + page + topics + facilitators, next sessions and my memberships for the page",
    ),
    "groups.GroupById": one(
        "member",
        "/api/v1/groups/{group}",
        7,
        "auth + group access + facilitators, next session, my membership (again, by decorate_groups)",
    ),
    "groups.Guidelines": one("member", "/api/v1/groups/{group}/guidelines", 5, "auth + group access + text"),
    "memberships.Members": page(
        "member", "/api/v1/groups/{group}/members", 5, "auth + group access + page (members joined)"
    ),
    "sessions.GroupSessions": page(
        "member",
        "/api/v1/groups/{group}/sessions",
        9,
        "auth + group access + page + its groups' topics + session decoration (3)",
    ),
    "sessions.VisibleSessions": page(
        "member", "/api/v1/sessions", 6, "auth + page + its groups' topics + session decoration (3)"
    ),
    "sessions.SessionById": one(
        "member", "/api/v1/sessions/{session}", 7, "auth + group access + session decoration (3)"
    ),
    "rsvps.Attendees": page(
        "facilitator",
        "/api/v1/sessions/{session}/attendees",
        6,
        "auth + group access + page + its sessions' topics; all confirmed, so no waitlist query",
    ),
    "rsvps.MySessions": page(
        "member", f"{ME}/sessions", 6, "auth + page (sessions joined) + topics + session decoration (3)"
    ),
    "calendars.SessionCalendar": one(
        "member", "/api/v1/sessions/{session}/calendar.ics", 7, "as sessions.SessionById"
    ),
    "calendars.CalendarFeedToken": one("member", f"{ME}/calendar-feed", 2, "auth + the feed row"),
    "calendars.PersonalCalendar": one(
        "anonymous",
        f"{ME}/calendar.ics?token={{token}}",
        7,
        "public, by token: feed + member + my 20 booked sessions + topics + session decoration (3)",
    ),
    "feeds.MeetingGuide": one(
        "anonymous", "/api/v1/feeds/meeting-guide.json", 2, "public: 20 series, groups, next sessions, topics"
    ),
    # --- members, account, notifications, safety ------------------------------------------------
    "members.MyProfile": one("member", ME, 1, "auth only"),
    "members.MemberById": one("member", "/api/v1/members/{other_member}", 2, "auth + member"),
    # The export reads every kind of data once, whatever its amount: coaching plans with their
    # goals, steps, notes and change log in five statements.
    "members.MyExport": one(
        "member",
        f"{ME}/export",
        37,
        "auth + one or two statements per kind of data (coach messages: 2; group conversations: 4; "
        "conversation settings changed: 1)",
    ),
    "login_sessions.LoginSessions": page(
        "member", f"{ME}/login-sessions", 2, "auth + page (the current session is already loaded)"
    ),
    "check_ins.Milestones": one("member", f"{ME}/milestones", 1, "auth only: computed from the profile"),
    "notifications.MyNotifications": page("member", f"{ME}/notifications", 2, "auth + page"),
    "notifications.UnreadCount": one("member", f"{ME}/notifications/unread-count", 2, "auth + COUNT"),
    "moderation.MyNotices": page("member", f"{ME}/moderation", 2, "auth + page"),
    "moderation.MyAccessLog": page("member", f"{ME}/access-log", 2, "auth + page (viewer, clinic joined)"),
    "moderation.Reports": page(
        "facilitator", "/api/v1/reports", 2, "auth + page (my groups as a subquery, subject joined)"
    ),
    "moderation.Appeals": page("admin", "/api/v1/moderation-actions", 2, "auth + page"),
    # --- conversation moderation (conv-mod) --------------------------------------------------------
    "moderation.ReportContent": one(
        "facilitator",
        "/api/v1/reports/{post_report}/content",
        4,
        "auth + report (its subject, the author, joined) + my groups + the post",
    ),
    "conversation_moderation.ConversationSettings": one(
        "member",
        "/api/v1/groups/{group}/conversation-settings",
        5,
        "auth + conversation access (group, topics, membership) + the settings row",
    ),
    "conversation_moderation.HeldPosts": page(
        "facilitator",
        "/api/v1/groups/{group}/held-posts",
        6,
        "auth + conversation access (group, topics, membership) + page (thread titles joined) + authors",
    ),
    "moderation.AuditLog": page("admin", "/api/v1/audit-log", 2, "auth + page"),
    # --- live events: a ticket, not a token; each use re-checks its sign-in and every channel ------
    "events.EventStream": one(
        "member",
        "/api/v1/events?ticket={ticket}",
        3,
        "at open: the ticket's login session (member joined), its groups with my memberships (one "
        "join) + its relationships; the stream's periodic re-checks run the same in their own session",
    ),
    "events.RecentEvents": one(
        "member",
        "/api/v1/events/recent?ticket={ticket}",
        3,
        "the ticket's login session (member joined), its groups with my memberships + its relationships",
    ),
    # --- group conversations (conv-core) ---------------------------------------------------------
    # Read by an admin from outside the group, a page holding hidden, held, declined or anonymous
    # posts costs one statement more (these bounds + 1, held posts too): the access-log INSERT for
    # all its authors at once (tests/test_conversations.py checks it does not grow with the page).
    "conversations.GroupThreads": page(
        "member",
        "/api/v1/groups/{group}/threads",
        9,
        "auth + group access + guidelines + page (opening posts joined) + authors + reactions (one "
        "GROUP BY, mine included) + my folded topics",
    ),
    "conversations.ThreadById": one(
        "member",
        "/api/v1/threads/{thread}",
        9,
        "auth + thread (opening post joined) + group access + authors + reactions + my folded topics "
        "+ the directory entry its facilitator note links (fixes: none when there is no link)",
    ),
    "conversations.ThreadPosts": page(
        "member",
        "/api/v1/threads/{thread}/posts",
        9,
        "auth + thread (opening post joined) + group access + page + authors + reactions + my folded topics",
    ),
    "conversations.MyContentPreferences": one("member", f"{ME}/content-preferences", 2, "auth + my topics"),
    # --- coaching (as the coach, whose reads are logged) ---------------------------------------
    "coaching_relationships.Coaches": page("member", "/api/v1/coaches", 2, "auth + page"),
    "coaching_relationships.Relationships": page(
        "coach",
        "/api/v1/coaching-relationships",
        4,
        "auth + page + last check-ins (one GROUP BY) + unread messages (one GROUP BY)",
    ),
    "coach_messages.CoachMessages": page(
        "member",
        "/api/v1/coaching-relationships/{relationship}/messages",
        3,
        "auth + the relationship (member and coach joined) + page (resource cards as joined columns)",
    ),
    "coaching_plans.Plans": page(
        "coach", "/api/v1/coaching-plans", 2, "auth + page (coached members as a subquery)"
    ),
    "coaching_plans.PlanById": one("coach", PLAN, 4, "auth + coach access (3)"),
    "coaching_plans.Goals": page("coach", f"{PLAN}/goals", 5, "auth + coach access (3) + page"),
    "coaching_plans.Steps": page(
        "coach", f"{PLAN}/goals/{{goal}}/steps", 6, "auth + coach access (3) + goal + page"
    ),
    "coaching_plans.Notes": page("coach", f"{PLAN}/notes", 5, "auth + coach access (3) + page"),
    "check_ins.CheckIns": page("coach", f"{PLAN}/check-ins", 5, "auth + coach access (3) + page"),
    "check_ins.Progress": one(
        "coach", f"{PLAN}/progress", 8, "auth + coach access (3) + 4 aggregates (weeks, goals, trends)"
    ),
    # --- directory and referrals --------------------------------------------------------------
    "directory.Resources": page(
        "member", "/api/v1/resources", 4, "auth + page + languages (selectin) + my bookmarks"
    ),
    "directory.ResourceById": one(
        "member", "/api/v1/resources/{resource}", 4, "auth + resource + languages + my bookmark"
    ),
    "directory.Bookmarks": page(
        "member", f"{ME}/bookmarks", 4, "auth + page (resources joined) + languages + my bookmarks"
    ),
    "referrals.Referrals": page(
        "member", "/api/v1/referrals", 4, "auth + page (resource, people joined) + languages + bookmarks"
    ),
    "crisis.CrisisLines": one("anonymous", "/api/v1/resources/crisis", 0, "a data file: no database"),
    # --- partner clinics: the admin's and the member's side -----------------------------------
    "clinics.Clinics": page("member", "/api/v1/clinics", 2, "auth + page"),
    "clinics.ClinicById": one("member", "/api/v1/clinics/{clinic}", 2, "auth + clinic"),
    "clinics.ClinicClients": page("admin", "/api/v1/clinics/{clinic}/clients", 3, "auth + clinic + page"),
    "consents.MyConsentById": one(
        "member", f"{ME}/consents/{{consent}}", 3, "auth + consent (clinic joined) + the referral's message"
    ),
    "consents.MyConsents": page(
        "member", f"{ME}/consents", 3, "auth + page (clinic joined) + the referrals' messages"
    ),
    # --- partner clinic API (client-credentials token) ------------------------------------------
    "clinic.ClinicMembers": page(
        "clinic", "/api/v1/clinic/members", 5, "auth + page + pseudonyms + profiles + log"
    ),
    "clinic.ClinicMember": one("clinic", PATIENT, 4, "auth + consent in force + profile + log"),
    "clinic.ClinicMemberPlans": page(
        "clinic", f"{PATIENT}/coaching-plans", 6, "auth + consent + page + goals + steps + log"
    ),
    "clinic.ClinicMemberCheckIns": page("clinic", f"{PATIENT}/check-ins", 4, "auth + consent + page + log"),
    "clinic.ClinicMemberAttendance": page(
        "clinic", f"{PATIENT}/attendance", 5, "auth + consent + page (sessions joined) + topics + log"
    ),
    "clinic.ClinicMemberFhir": one(
        "clinic", f"{PATIENT}/fhir", 7, "auth + consent + plans + goals + steps + check-ins + log"
    ),
    "clinic.ClinicReferrals": page("clinic", "/api/v1/clinic/referrals", 2, "auth + page"),
    "clinic_webhooks.Subscriptions": page("clinic", "/api/v1/clinic/webhooks", 2, "auth + page"),
    "clinic_webhooks.Deliveries": page(
        "clinic", "/api/v1/clinic/webhooks/{subscription}/deliveries", 3, "auth + subscription + page"
    ),
}


# Signed out: no auth statement, no membership or RSVP lookups; the group or session is still read.
VISITOR_BOUNDS: dict[str, Bound] = {
    "groups.Groups": page("anonymous", "/api/v1/groups", 3, "page + topics + next sessions for the page"),
    "groups.GroupById": one("anonymous", "/api/v1/groups/{group}", 3, "group + topics + next session"),
    "groups.Guidelines": one("anonymous", "/api/v1/groups/{group}/guidelines", 3, "group + topics + text"),
    "sessions.GroupSessions": page(
        "anonymous", "/api/v1/groups/{group}/sessions", 4, "group + topics + page + its groups' topics"
    ),
    "sessions.VisibleSessions": page("anonymous", "/api/v1/sessions", 2, "page + its groups' topics"),
    "sessions.SessionById": one(
        "anonymous", "/api/v1/sessions/{session}", 2, "session (group joined) + topics"
    ),
    "directory.Resources": page("anonymous", "/api/v1/resources", 2, "page + languages (selectin)"),
    "directory.ResourceById": one("anonymous", "/api/v1/resources/{resource}", 2, "resource + languages"),
}


def api_get_endpoints(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API_PREFIX) and "GET" in rule.methods
    }


def test_every_get_route_has_a_query_bound(app):
    endpoints = api_get_endpoints(app)
    missing = sorted(endpoints - BOUNDS.keys())
    stale = sorted(BOUNDS.keys() - endpoints)
    assert not missing, "\n".join(
        f"add a query bound for {name} in tests/test_query_bounds.py" for name in missing
    )
    assert not stale, f"remove the query bounds of endpoints that no longer exist: {stale}"


def visitor_read_endpoints(app) -> set[str]:
    """The GET endpoints whose documented security allows a request without a token."""
    spec = app.extensions["smorest_api"].spec.to_dict()
    routes = app.url_map.bind("localhost")
    found = set()
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if path.startswith(API_PREFIX) and get and {} in get.get("security", []):
            sample = re.sub(r"\{[^}]+\}", str(uuid.UUID(int=1)), path)  # any id finds the endpoint
            found.add(routes.match(sample, method="GET")[0])
    return found


def test_every_visitor_read_has_a_signed_out_query_bound(app):
    endpoints = visitor_read_endpoints(app)
    assert endpoints, "no operation is open to visitors: the spec lost its optional security"
    assert endpoints == VISITOR_BOUNDS.keys(), (
        f"add signed-out bounds for {sorted(endpoints - VISITOR_BOUNDS.keys())}; "
        f"remove {sorted(VISITOR_BOUNDS.keys() - endpoints)}"
    )


# --- the scenario: one richly populated world that makes every GET above legitimate ------------


@dataclass
class Scenario:
    callers: dict  # caller name (Bound.caller) -> a client with .get(url)
    ids: dict  # placeholder name -> value for Bound.url

    def url(self, bound: Bound) -> str:
        return bound.url.format(**self.ids)


@dataclass
class People:
    member: object  # signed in: "me" in the comments below
    facilitator: object  # signed in; facilitates the main group and 19 others
    coach: object  # signed in; coaches me and the crowd
    admin: object  # signed in
    clinic: object  # a clinic's API client with a token for every scope
    crowd: list  # 19 more members: the main group's other members, the coach's other coachees, patients

    @property
    def me(self):
        return self.member.member


def _add(*rows) -> None:
    Session.add_all(rows)
    Session.commit()


def _later(hours: int, days: int = 1) -> dt.datetime:
    return utcnow() + dt.timedelta(days=days, hours=hours)


def _groups_and_sessions(people: People, group) -> dict:
    """20 public groups, each facilitated, with a session and a weekly series (for the feed); the
    main one has all of us and 20 sessions, which I booked; the first has 20 confirmed attendees."""
    me, facilitator = people.me, people.facilitator.member
    for member in [me, *people.crowd]:
        MembershipFactory(group=group, member=member)
    groups = [group] + [GroupFactory() for _ in range(PAGE - 1)]
    for hours, other in enumerate(groups[1:]):
        MembershipFactory(group=other, member=facilitator, role="facilitator")
        GroupSessionFactory(group=other, starts_at=_later(hours, days=3))
    series = [weekly_series(each.id, materialized_until=_later(0, days=180)) for each in groups]
    _add(*series)
    # The feed lists a series while it has an upcoming session, as a real series has.
    for each, weekly in zip(groups, series, strict=True):
        GroupSessionFactory(group=each, series_id=weekly.id, starts_at=_later(0, days=7))
    sessions = [GroupSessionFactory(group=group, capacity=PAGE + 5, starts_at=_later(i)) for i in range(PAGE)]
    for session in sessions:
        RsvpFactory(session=session, member=me)
    for other in people.crowd:  # all confirmed: a waitlisted RSVP on one page only would add a query
        RsvpFactory(session=sessions[0], member=other)
    _add(
        *(
            Report(
                reporter_id=me.id,
                subject_member_id=other.id,
                group_id=group.id,
                category="dominating",
                text="Talked over everyone",
            )
            for other in [*people.crowd, facilitator]
        )
    )
    _add(
        *(
            ModerationAction(
                member_id=me.id,
                group_id=group.id,
                kind="warn",
                reason="Cross-talk",
                created_by_id=facilitator.id,
                appeal_text="Sorry",
                appealed_at=utcnow(),
                appeal_status="pending",
            )
            for _ in range(PAGE)
        )
    )
    token = people.member.post(f"{ME}/calendar-feed").json["token"]
    return {"group": group.id, "session": sessions[0].id, "token": token}


def _coaching(people: People) -> dict:
    """The coach coaches me and the crowd, each with a plan; I have 3 more plans, the first with
    20 goals, 20 steps on its first goal, 20 coach notes and 20 check-ins; 20 coaches in all."""
    me, coach = people.me, people.coach.member
    MemberFactory.create_batch(PAGE - 1, role="coach")
    for coachee in [me, *people.crowd]:
        CoachingRelationshipFactory(member=coachee, coach=coach)
        CoachingPlanFactory(member=coachee)
    plan, *other_plans = [CoachingPlanFactory(member=me) for _ in range(3)]
    goals = [Goal(plan_id=plan.id, what=f"Goal {i}", updated_by_id=me.id) for i in range(PAGE)]
    other_goals = [Goal(plan_id=other.id, what="Sleep by eleven") for other in other_plans]
    _add(*goals, *other_goals)
    _add(*(Step(goal_id=goals[0].id, title=f"Step {i}", updated_by_id=me.id) for i in range(PAGE)))
    _add(*(Step(goal_id=goal.id, title="Phone off at ten") for goal in other_goals))
    _add(*(CoachNote(plan_id=plan.id, coach_id=coach.id, body=f"Note {i}") for i in range(PAGE)))
    for i in range(PAGE):
        CheckInFactory(
            plan=plan,
            created_at=utcnow() - dt.timedelta(days=3 * i),
            answers={"phq9": [1] * 9},
            phq9_total=9,
            note="mine",
            note_shared=i % 2 == 0,
        )
    return {"plan": plan.id, "goal": goals[0].id, "other_member": coach.id}


def _coach_messages(people: People) -> dict:
    """20 messages between me and my coach, half of them sharing a directory card."""
    relationship = Session.scalars(
        select(CoachingRelationship).where(CoachingRelationship.member_id == people.me.id)
    ).one()
    cards = [ResourceFactory() for _ in range(2)]
    _add(
        *(
            CoachMessage(
                relationship_id=relationship.id,
                author_id=relationship.coach_id if i % 2 else relationship.member_id,
                body=f"Message {i}",
                resource_id=cards[i % 2].id if i % 2 else None,
                created_at=utcnow() - dt.timedelta(minutes=i),
            )
            for i in range(PAGE)
        )
    )
    return {"relationship": relationship.id}


def _directory(people: People) -> dict:
    """20 verified resources, all bookmarked by me and referred to me by my coach."""
    me, coach = people.me, people.coach.member
    resources = ResourceFactory.create_batch(PAGE, verified_at=utcnow(), verified_by_id=coach.id)
    _add(*(Bookmark(member_id=me.id, resource_id=resource.id) for resource in resources))
    _add(
        *(
            Referral(member_id=me.id, resource_id=resource.id, referred_by_id=coach.id, note="Try it")
            for resource in resources
        )
    )
    return {"resource": resources[0].id}


def _referral(clinic, **redeemed) -> ClinicInvitation:
    return ClinicInvitation(
        clinic_id=clinic.id,
        code_hash=uuid.uuid4().hex,
        proposed_scopes=["members:read"],
        purpose="Follow up",
        consent_days=180,
        message="Hello from your clinic",
        expires_at=_later(0, days=30),
        **redeemed,
    )


def _clinics(people: People) -> dict:
    """20 clinics: I consented to each after its referral. The main one (the signed-in client's)
    has 20 referrals, 20 clients, 10 webhook subscriptions (the most allowed), 20 deliveries, and
    20 consented patients: me and the crowd."""
    me, main = people.me, people.clinic.clinic
    clinics = [main] + ClinicFactory.create_batch(PAGE - 1)
    mine = [_referral(each, redeemed_at=utcnow(), redeemed_by_id=me.id) for each in clinics]
    _add(*mine, *(_referral(main) for _ in range(PAGE - 1)))
    consents = [
        ConsentFactory(member=me, clinic=each, invitation_id=referral.id)
        for each, referral in zip(clinics, mine, strict=True)
    ]
    patient = ClinicPatientFactory(clinic=main, member=me)
    for other in people.crowd:
        ClinicPatientFactory(clinic=main, member=other)
        ConsentFactory(member=other, clinic=main)
    ClinicClientFactory.create_batch(PAGE - 1, clinic=main)
    subscriptions = [
        WebhookSubscription(
            clinic_id=main.id,
            url=f"https://ehr.example.org/hooks/{i}",
            events=["checkin.risk"],
            secret="s" * 40,
        )
        for i in range(10)
    ]
    _add(*subscriptions)
    _add(
        *(
            WebhookDelivery(
                subscription_id=subscriptions[0].id,
                member_id=me.id,
                event="checkin.risk",
                payload={"data": {}},
                status="delivered",
                attempts=1,
                delivered_at=utcnow(),
            )
            for _ in range(PAGE)
        )
    )
    return {
        "clinic": main.id,
        "patient": patient.id,
        "subscription": subscriptions[0].id,
        "consent": consents[0].id,
    }


def _account(people: People) -> None:
    """My 20 sign-ins, 20 notifications and 20 reads of my data; 20 audit-log entries."""
    me, coach, clinic = people.me, people.coach.member, people.clinic.clinic
    LoginSessionFactory.create_batch(PAGE - 1, member=me)
    _add(
        *(
            Notification(member_id=me.id, kind="session_reminder", title="Soon", body="Tomorrow")
            for _ in range(PAGE)
        )
    )
    _add(
        *(
            AccessLogEntry(
                member_id=me.id,
                viewer_id=coach.id,
                clinic_id=clinic.id if i % 2 else None,
                viewer_role="clinic" if i % 2 else "coach",
                what="GET /api/v1/coaching-plans",
            )
            for i in range(PAGE)
        )
    )
    _add(
        *(
            AuditEntry(
                actor_id=people.admin.member.id,
                action="test.seeded",
                target_type="member",
                target_id=str(me.id),
            )
            for _ in range(PAGE)
        )
    )


def _conversation_moderation(people: People, group) -> dict:
    """(conv-mod) 20 held first posts by the crowd in one thread of the main group, anonymous to
    peers every other one, and my report about a published reply in it."""
    from tests.factories import PostFactory, ThreadFactory

    thread = ThreadFactory(group=group, author=people.facilitator.member)
    for i, author in enumerate([*people.crowd, people.me]):
        PostFactory(
            thread=thread,
            author=author,
            status="held",
            anonymous_to_peers=i % 2 == 0,
            created_at=utcnow() - dt.timedelta(minutes=i),
        )
    reported = PostFactory(thread=thread, author=people.crowd[0])
    report = Report(
        reporter_id=people.me.id,
        subject_member_id=people.crowd[0].id,
        group_id=group.id,
        post_id=reported.id,
        category="harmful_advice",
        text="Told people to stop their medication.",
    )
    _add(report)
    return {"post_report": report.id}


def _conversations(people: People, group) -> dict:
    """(conv-core) 20 threads in the main group by the crowd, anonymous and noted every other one;
    20 replies to the first, each with reactions by me and its author; topics I always fold.
    (fixes) Every opening post and reply carries a facilitator note naming a directory entry."""
    from api.models import HiddenContentNote, Reaction
    from tests.factories import PostFactory, ThreadFactory

    linked = ResourceFactory(verified_at=utcnow())
    note = {
        "facilitator_note": "Medication questions belong with a prescriber.",
        "facilitator_note_resource_id": linked.id,
    }
    threads = [
        ThreadFactory(
            group=group,
            author=author,
            opening__anonymous_to_peers=i % 2 == 0,
            opening__content_notes=["loss"] if i % 2 else [],
            **{f"opening__{name}": value for name, value in note.items()},
        )
        for i, author in enumerate(people.crowd[:PAGE])
    ]
    threads.append(ThreadFactory(group=group, author=people.me))
    replies = [
        PostFactory(
            thread=threads[0], author=author, created_at=utcnow() - dt.timedelta(minutes=PAGE - i), **note
        )
        for i, author in enumerate([*people.crowd, people.me])
    ]
    _add(
        *(Reaction(post_id=post.id, member_id=people.me.id, kind="me_too") for post in replies),
        *(Reaction(post_id=post.id, member_id=post.author_id, kind="thank_you") for post in replies),
        HiddenContentNote(member_id=people.me.id, note="loss"),
    )
    return {"thread": threads[0].id}


def _live(people: People, group) -> dict:
    """A ticket for my group's conversation and my coaching relationship: both re-checked on use."""
    relationship = Session.scalars(
        select(CoachingRelationship.id).where(CoachingRelationship.member_id == people.me.id)
    ).one()
    channels = [f"group:{group.id}", f"relationship:{relationship}"]
    response = people.member.post("/api/v1/events/tickets", json={"channels": channels})
    assert response.status_code == 201, response.get_data(as_text=True)
    return {"ticket": response.json["ticket"]}


@pytest.fixture
def scenario(app, as_member, as_clinic, group_setup, monkeypatch) -> Scenario:
    monkeypatch.setitem(app.config, "LIVE_STREAM_LIFETIME_SECONDS", 0.2)  # streams end, so reads return
    setup = group_setup()
    people = People(
        member=as_member(),
        facilitator=setup.facilitator,
        coach=as_member(role="coach"),
        admin=as_member(role="admin"),
        clinic=as_clinic(),
        crowd=MemberFactory.create_batch(PAGE - 1),
    )
    ids = {
        **_groups_and_sessions(people, setup.group),
        **_coaching(people),
        **_directory(people),
        **_clinics(people),
        **_coach_messages(people),
        **_conversation_moderation(people, setup.group),
        **_conversations(people, setup.group),
        **_live(people, setup.group),
    }
    _account(people)
    callers = {
        "member": people.member,
        "facilitator": people.facilitator,
        "coach": people.coach,
        "admin": people.admin,
        "clinic": people.clinic,
        "anonymous": app.test_client(),
    }
    return Scenario(callers, ids)


# --- the check ----------------------------------------------------------------------------------


def _with_limit(url: str, limit: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}limit={limit}"


def _measure(scenario: Scenario, count_queries, bound: Bound, url: str):
    """(statements run, response) for one GET, which must succeed."""
    with count_queries() as counter:
        response = scenario.callers[bound.caller].get(url)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
    return counter.count, response


def _check(scenario: Scenario, count_queries, endpoint: str, bound: Bound) -> tuple[int, list[str]]:
    """(statements observed, problems) for one endpoint."""
    url = scenario.url(bound)
    if not bound.paged:
        count, _ = _measure(scenario, count_queries, bound, url)
        return count, [f"{endpoint}: {count} statements, bound {bound.max_statements}"] * (
            count > bound.max_statements
        )
    one_item, small = _measure(scenario, count_queries, bound, _with_limit(url, 1))
    count, full = _measure(scenario, count_queries, bound, _with_limit(url, PAGE))
    assert len(small.json["items"]) == 1 and small.json["next_cursor"], f"{endpoint}: build more items"
    assert len(full.json["items"]) >= MIN_ITEMS, f"{endpoint}: build at least {MIN_ITEMS} items"
    problems = []
    if one_item != count:
        problems.append(f"{endpoint}: {one_item} statements for 1 item but {count} for {PAGE} (N+1)")
    if count > bound.max_statements:
        problems.append(f"{endpoint}: {count} statements, bound {bound.max_statements}")
    return count, problems


def test_get_routes_stay_within_their_query_bounds(app, scenario, count_queries):
    routes = app.url_map.bind("localhost")
    observed, problems = {}, []
    for endpoint, bound in sorted(BOUNDS.items()):
        path = scenario.url(bound).split("?")[0]
        assert routes.match(path, method="GET")[0] == endpoint, f"{path} does not reach {endpoint}"
        observed[endpoint], found = _check(scenario, count_queries, endpoint, bound)
        problems += found
    table = "\n".join(
        f"  {name}: {count} (bound {BOUNDS[name].max_statements})" for name, count in observed.items()
    )
    assert not problems, "\n".join(problems) + "\nobserved:\n" + table


def test_signed_out_reads_stay_within_their_query_bounds(app, scenario, count_queries):
    observed, problems = {}, []
    for endpoint, bound in sorted(VISITOR_BOUNDS.items()):
        observed[endpoint], found = _check(scenario, count_queries, endpoint, bound)
        problems += found
    table = "\n".join(
        f"  {name}: {count} (bound {VISITOR_BOUNDS[name].max_statements})" for name, count in observed.items()
    )
    assert not problems, "\n".join(problems) + "\nobserved:\n" + table
