"""Authorization sweep: for every route, who may call it, and proof that nobody else gets through.

`RULES` holds one `Rule` per (endpoint, HTTP method) under /api/v1, plus the health checks. A
route without a rule, or a rule for a route that no longer exists, fails
`test_every_route_has_an_authorization_rule`.

`test_every_rule_holds` proves each rule with real requests on a small world (`world`) in which
every object has an owner and someone who must not reach it:

- audience, derived from `Rule.audience`: no token is 401 on everything that is not public, and
  so is the token of a sign-in that ended (member routes) or of a client an admin revoked (clinic
  routes); a clinic client's token on a member route is 403, a member's token on a clinic route
  is 403, and a clinic token without the route's scope is 403;
- `signed_out`, for the reads signed-out visitors may make (audience VISITOR): calls without a
  token, which answer what a visitor may see and hide the rest (a private or invitation-only
  group, an address, an online link, member profiles), or are 404 for what a visitor may not
  even know exists. A token that is sent must still be valid: an ended sign-in is 401 there too;
- `denied`: members without the role, a stranger, a facilitator of another group, a coach of
  another member, another clinic's client... acting on real objects that are not theirs. Each is
  refused with the status the contract gives (shared/API.md: 404 when the caller may not even
  know the object exists, 403 when it is visible but the action is not theirs) and leaves the
  database exactly as it was; or, for a list or a read, is answered without what `hides` names
  (another member's objects, a private group, an online link without a booked place, an address,
  a private note);
- `allowed`: one call by a permitted caller, which must succeed, so the rule is not vacuous; for
  lists it `shows` what the denials hide, so those are not vacuous either.

Every rule runs inside a SAVEPOINT that is rolled back afterwards: a DELETE in one rule does not
take an object away from the next, and a sign-out does not end the next rule's tokens.
"""

import datetime as dt
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import pytest
from sqlalchemy import select

from api.db import Base, Session, utcnow
from api.models import (
    AccessLogEntry,
    Bookmark,
    ClinicClient,
    ClinicInvitation,
    CoachingRelationship,
    CoachMessage,
    CoachNote,
    Goal,
    Group,
    Invitation,
    Member,
    ModerationAction,
    Notification,
    Referral,
    Report,
    Step,
    WebhookSubscription,
)
from api.resources.memberships import hash_code
from tests.factories import (
    CLIENT_SECRETS,
    PASSWORD,
    CheckInFactory,
    ClinicFactory,
    ClinicPatientFactory,
    CoachingPlanFactory,
    CoachingRelationshipFactory,
    ConsentFactory,
    GroupFactory,
    GroupSessionFactory,
    LoginSessionFactory,
    MembershipFactory,
    PostFactory,
    ResourceFactory,
    RsvpFactory,
    ThreadFactory,
    weekly_series,
)

# Who may send a request at all (the audience checks derive from it).
PUBLIC = "public"  # no token needed; the allowed call is made without one
SECRET_URL = "secret URL"  # no token; a secret in the URL is the credential
MEMBER = "member"  # a member's access token (any role); `who` and `denied` narrow it
VISITOR = "visitor"  # a read open to signed-out visitors (`signed_out`); a member's token adds theirs
CLINIC = "clinic"  # a partner clinic client's token, with `Rule.scope` when one is needed


@dataclass(frozen=True)
class Call:
    """One request. `url` and `body` default to the rule's; `{name}` is filled from World.ids."""

    caller: str  # a key of World.callers
    status: int
    url: str | None = None
    body: dict | None = None
    hides: tuple[str, ...] = ()  # names in World.ids whose values must not be in the response
    shows: tuple[str, ...] = ()  # ... and must be: proves that the `hides` of a list mean something
    why: str = ""


def ok(caller: str, status: int = 200, **kwargs) -> Call:
    return Call(caller, status, **kwargs)


def refused(caller: str, status: int, why: str, **kwargs) -> Call:
    return Call(caller, status, why=why, **kwargs)


def hides(caller: str, *names: str, why: str, **kwargs) -> Call:
    """A list (or read) the caller may make, that must not show someone else's objects."""
    return Call(caller, 200, hides=names, why=why, **kwargs)


@dataclass(frozen=True)
class Rule:
    audience: str  # PUBLIC, SECRET_URL, MEMBER, VISITOR or CLINIC
    who: str  # who may call it, in words
    url: str
    allowed: Call
    denied: tuple[Call, ...] = ()
    body: dict | None = None
    form: bool = False  # send `body` as a form (the OAuth token endpoint)
    scope: str | None = None  # CLINIC: the scope the token must carry
    open_to_all: str = ""  # an object route every member may use: why no denial applies
    signed_out: tuple[Call, ...] = ()  # VISITOR: calls without a token, what they show and hide


# --- URLs ----------------------------------------------------------------------------------------

V1 = "/api/v1"
ME = f"{V1}/members/me"
GROUP = f"{V1}/groups/{{group}}"
HIDDEN_GROUP = f"{V1}/groups/{{hidden_group}}"
SESSION = f"{V1}/sessions/{{session}}"
HIDDEN_SESSION = f"{V1}/sessions/{{hidden_session}}"
INVITE_GROUP = f"{V1}/groups/{{invite_group}}"
INVITE_SESSION = f"{V1}/sessions/{{invite_session}}"
PLAN = f"{V1}/coaching-plans/{{plan}}"
GOAL = f"{PLAN}/goals/{{goal}}"
STEP = f"{GOAL}/steps/{{step}}"
RESOURCE = f"{V1}/resources/{{resource}}"
CLINIC_ADMIN = f"{V1}/clinics/{{clinic}}"
PATIENT = f"{V1}/clinic/members/{{patient}}"
WEBHOOK = f"{V1}/clinic/webhooks/{{subscription}}"

# --- refusals used by many rules -----------------------------------------------------------------

NOT_THEIR_PLAN = (
    refused("stranger", 404, "someone else's coaching plan"),
    refused("other_coach", 404, "a coach, but of another member"),
    refused("former_coach", 404, "the relationship ended"),
)
# What a visitor may not even know exists: 404 like a group id that never existed.
NOT_FOR_VISITORS = (
    refused("anonymous", 404, "signed out: a private group", url=HIDDEN_GROUP),
    refused("anonymous", 404, "signed out: an invitation-only group", url=INVITE_GROUP),
)
NOT_FOR_VISITORS_SESSIONS = (
    refused("anonymous", 404, "signed out: a private group's session", url=HIDDEN_SESSION),
    refused("anonymous", 404, "signed out: an invitation-only group's session", url=INVITE_SESSION),
)
# Member profiles, addresses, online links: never in a visitor's answer.
PERSONAL = ("address", "online_url", "free_online_url", "facilitator_id", "me", "member_email")


def visitor_sees(*shows: str, why: str, url: str | None = None) -> Call:
    return Call("anonymous", 200, url=url, hides=PERSONAL, shows=shows, why=why)


NOT_FACILITATOR = (
    refused("member", 403, "a member of the group, not its facilitator"),
    refused("other_facilitator", 403, "facilitates another group"),
)
NOT_ADMIN = (
    refused("member", 403, "not an admin"),
    refused("coach", 403, "coaches do not manage clinics"),
)


def not_their_patient(suffix: str = "", scope_limited: bool = True) -> tuple[Call, ...]:
    """Another clinic asking for my pseudonym, and this clinic asking for members it may not read:
    all look like an id that never existed."""

    def at(pseudonym: str) -> str:
        return f"{V1}/clinic/members/{{{pseudonym}}}{suffix}"

    calls = (
        refused("other_clinic", 404, "the member's pseudonym at another clinic", url=at("patient")),
        refused("clinic", 404, "another clinic's pseudonym", url=at("other_patient")),
        refused("clinic", 404, "the member revoked this clinic's consent", url=at("revoked_patient")),
        refused("clinic", 404, "the member's consent expired", url=at("expired_patient")),
    )
    if scope_limited:
        calls += (refused("clinic", 404, "a scope the member did not consent to", url=at("limited_patient")),)
    return calls


# Group conversations (conv-core): my thread and my groupmate's reply in my group; a private group's.
THREAD = f"{V1}/threads/{{thread}}"
HIDDEN_THREAD = f"{V1}/threads/{{hidden_thread}}"
REPLY = f"{V1}/posts/{{reply}}"
HIDDEN_POST = f"{V1}/posts/{{hidden_post}}"
NOT_A_READER = (
    refused("stranger", 403, "not a member of this public group"),
    refused("pending_member", 403, "a request not yet approved"),
    refused("removed_member", 403, "removed from the group"),
    refused("other_facilitator", 403, "facilitates another group"),
)
NOT_A_WRITER = (*NOT_A_READER, refused("muted_member", 403, "muted in the group: reads, does not write"))


GROUP_BODY = {
    "name": "Evening Circle",
    "description": "A gentle evening circle for anyone in recovery.",
    "topics": ["addiction_recovery"],
    "format": "online",
    "region": "GB",
    "time_zone": "Europe/London",
    "guidelines": "Be kind. What is said here stays here.",
}
REPORT_BODY = {
    "subject_member_id": "{groupmate_id}",
    "group_id": "{group}",
    "category": "dominating",
    "text": "Kept talking over newcomers in the session.",
}
CONSENT_BODY = {
    "clinic_id": "{other_clinic_id}",
    "scopes": ["members:read"],
    "purpose": "Share my progress with my GP",
    "expires_at": "{later}",
    "right_to_revoke_acknowledged": True,
}

RULES: dict[tuple[str, str], Rule] = {
    # --- health and sign-in: public -------------------------------------------------------------
    ("health.Health", "GET"): Rule(PUBLIC, "anyone (load balancers)", "/healthz", ok("anonymous")),
    ("health.Readiness", "GET"): Rule(PUBLIC, "anyone (load balancers)", "/readyz", ok("anonymous")),
    ("auth.Register", "POST"): Rule(
        PUBLIC,
        "anyone: creating an account",
        f"{V1}/auth/register",
        ok("anonymous", 201),
        body={
            "email": "newcomer@example.org",
            "password": "quiet-orchard-compass-5521",
            "display_name": "Newcomer",
            "time_zone": "Europe/London",
        },
    ),
    ("auth.Login", "POST"): Rule(
        PUBLIC,
        "anyone with the password",
        f"{V1}/auth/login",
        ok("anonymous"),
        (
            refused(
                "anonymous",
                401,
                "the wrong password",
                body={"email": "{member_email}", "password": "not-the-password-at-all"},
            ),
        ),
        body={"email": "{member_email}", "password": PASSWORD},
    ),
    ("tokens.Refresh", "POST"): Rule(
        PUBLIC,
        "anyone holding a live refresh token (the token is the credential)",
        f"{V1}/auth/refresh",
        ok("anonymous"),
        (
            refused(
                "anonymous",
                401,
                "an access token is not a refresh token",
                body={"refresh_token": "{access_token}"},
            ),
        ),
        body={"refresh_token": "{refresh_token}"},
    ),
    ("oauth.Token", "POST"): Rule(
        PUBLIC,
        "a clinic client with its id and secret",
        f"{V1}/oauth/token",
        ok("anonymous"),
        (
            refused(
                "anonymous",
                401,
                "another client's secret",
                body={
                    "grant_type": "client_credentials",
                    "client_id": "{client_id}",
                    "client_secret": "{other_client_secret}",
                },
            ),
        ),
        body={
            "grant_type": "client_credentials",
            "client_id": "{client_id}",
            "client_secret": "{client_secret}",
        },
        form=True,
    ),
    ("tokens.Logout", "POST"): Rule(
        MEMBER, "any member: their own sign-in", f"{V1}/auth/logout", ok("member", 204)
    ),
    ("auth.PasswordChange", "POST"): Rule(
        MEMBER,
        "any member who knows their current password",
        f"{V1}/auth/password",
        ok("member", 204),
        (
            refused(
                "member",
                403,
                "a stolen access token alone cannot change the password",
                body={
                    "current_password": "not-the-password-at-all",
                    "new_password": "quiet-orchard-compass-5521",
                },
            ),
        ),
        body={"current_password": PASSWORD, "new_password": "quiet-orchard-compass-5521"},
    ),
    # --- my account: the caller's own data, no id of anyone else in the path -----------------------
    ("members.MyProfile", "GET"): Rule(MEMBER, "any member: their own profile", ME, ok("member")),
    ("members.MyProfile", "PATCH"): Rule(
        MEMBER, "any member: their own profile", ME, ok("member"), body={"bio": "One day at a time."}
    ),
    ("members.MyProfile", "DELETE"): Rule(MEMBER, "any member: their own account", ME, ok("member", 204)),
    ("members.MyExport", "GET"): Rule(MEMBER, "any member: their own data", f"{ME}/export", ok("member")),
    ("members.MemberById", "GET"): Rule(
        MEMBER,
        "any member: another member's public profile only",
        f"{V1}/members/{{me}}",
        ok("stranger"),
        (hides("stranger", "member_email", "member_legal_name", why="private fields"),),
    ),
    ("login_sessions.LoginSessions", "GET"): Rule(
        MEMBER,
        "any member: their own sign-ins",
        f"{ME}/login-sessions",
        ok("member", shows=("device",)),
        (hides("stranger", "device", why="another member's sign-ins"),),
    ),
    ("login_sessions.LoginSessionById", "DELETE"): Rule(
        MEMBER,
        "the member who signed in there",
        f"{ME}/login-sessions/{{device}}",
        ok("member", 204),
        (refused("stranger", 404, "another member's sign-in"),),
    ),
    ("check_ins.Milestones", "GET"): Rule(MEMBER, "any member: their own", f"{ME}/milestones", ok("member")),
    ("notifications.MyNotifications", "GET"): Rule(
        MEMBER,
        "any member: their own",
        f"{ME}/notifications",
        ok("member", shows=("notification",)),
        (hides("stranger", "notification", why="another member's notifications"),),
    ),
    ("notifications.UnreadCount", "GET"): Rule(
        MEMBER, "any member: their own", f"{ME}/notifications/unread-count", ok("member")
    ),
    ("notifications.ReadNotification", "POST"): Rule(
        MEMBER,
        "the notification's member",
        f"{ME}/notifications/{{notification}}/read",
        ok("member"),
        (
            refused("stranger", 404, "another member's notification"),
            refused("admin", 404, "admins do not read members' notifications"),
        ),
    ),
    ("rsvps.MySessions", "GET"): Rule(
        MEMBER,
        "any member: their own bookings",
        f"{ME}/sessions",
        ok("member", shows=("session",)),
        (hides("stranger", "session", why="another member's bookings"),),
    ),
    ("moderation.MyNotices", "GET"): Rule(
        MEMBER,
        "any member: actions about them",
        f"{ME}/moderation",
        ok("member", shows=("action",)),
        (hides("stranger", "action", why="actions about another member"),),
    ),
    ("moderation.MyAccessLog", "GET"): Rule(
        MEMBER,
        "any member: reads of their own data",
        f"{ME}/access-log",
        ok("member", shows=("access_entry",)),
        (hides("stranger", "access_entry", why="another member's access log"),),
    ),
    ("calendars.CalendarFeedToken", "GET"): Rule(
        MEMBER, "any member: their own feed", f"{ME}/calendar-feed", ok("member")
    ),
    ("calendars.CalendarFeedToken", "POST"): Rule(
        MEMBER, "any member: their own feed", f"{ME}/calendar-feed", ok("member", 201)
    ),
    ("calendars.CalendarFeedToken", "DELETE"): Rule(
        MEMBER, "any member: their own feed", f"{ME}/calendar-feed", ok("member", 204)
    ),
    ("calendars.PersonalCalendar", "GET"): Rule(
        SECRET_URL,
        "whoever holds the feed's secret token (calendar apps send no Authorization header)",
        f"{ME}/calendar.ics?token={{feed_token}}",
        ok("anonymous", shows=("online_url",), hides=("free_online_url",)),
        (
            refused(
                "anonymous", 404, "a wrong token", url=f"{ME}/calendar.ics?token=not-the-secret-0000000000"
            ),
            refused(
                "anonymous", 404, "a replaced token", url=f"{ME}/calendar.ics?token={{stale_feed_token}}"
            ),
            refused(
                "stranger",
                404,
                "a member's token is no substitute for the secret",
                url=f"{ME}/calendar.ics?token=not-the-secret-1111111111",
            ),
        ),
    ),
    ("directory.Bookmarks", "GET"): Rule(
        MEMBER,
        "any member: their own",
        f"{ME}/bookmarks",
        ok("member", shows=("resource",)),
        (hides("stranger", "resource", why="another member's bookmarks"),),
    ),
    ("directory.BookmarkById", "POST"): Rule(
        MEMBER,
        "any member, on their own list",
        f"{ME}/bookmarks/{{resource}}",
        ok("stranger", 201),
        open_to_all="the directory is open to every member; a bookmark goes on the caller's own list",
    ),
    ("directory.BookmarkById", "DELETE"): Rule(
        MEMBER,
        "the member who saved it",
        f"{ME}/bookmarks/{{resource}}",
        ok("member", 204),
        (refused("stranger", 404, "only the member's own bookmark can go; mine stays"),),
    ),
    ("consents.MyConsents", "GET"): Rule(
        MEMBER,
        "any member: their own",
        f"{ME}/consents",
        ok("member", shows=("consent", "proposal")),
        (hides("stranger", "consent", "proposal", why="another member's consents"),),
    ),
    ("consents.MyConsents", "POST"): Rule(
        MEMBER,
        "any member: their own consent",
        f"{ME}/consents",
        ok("member", 201),
        (
            refused(
                "stranger",
                404,
                "answering another member's proposed consent",
                body={**CONSENT_BODY, "proposal_id": "{proposal}"},
            ),
        ),
        body=CONSENT_BODY,
    ),
    ("consents.MyConsentById", "GET"): Rule(
        MEMBER,
        "the member who gave it (or was proposed it)",
        f"{ME}/consents/{{proposal}}",
        ok("member"),
        (
            refused("stranger", 404, "another member's proposed consent"),
            refused("admin", 404, "only the member sees their consents"),
        ),
    ),
    ("consents.MyConsentById", "DELETE"): Rule(
        MEMBER,
        "the member who gave it",
        f"{ME}/consents/{{consent}}",
        ok("member"),
        (
            refused("stranger", 404, "another member's consent"),
            refused("admin", 404, "only the member decides what is shared"),
        ),
    ),
    # --- groups and memberships ----------------------------------------------------------------------
    ("groups.Groups", "GET"): Rule(
        VISITOR,
        "anyone: public groups; members also their own",
        f"{V1}/groups",
        ok("other_facilitator", shows=("hidden_group",)),
        (hides("stranger", "hidden_group", "address", why="a private group; a public group's address"),),
        signed_out=(
            Call(
                "anonymous",
                200,
                hides=("hidden_group", "invite_group", *PERSONAL),
                shows=("group",),
                why="public groups open to join, without members or addresses",
            ),
        ),
    ),
    ("groups.Groups", "POST"): Rule(
        MEMBER,
        "facilitators and admins",
        f"{V1}/groups",
        ok("facilitator", 201),
        (refused("member", 403, "not a facilitator"), refused("coach", 403, "not a facilitator")),
        body=GROUP_BODY,
    ),
    ("groups.GroupById", "GET"): Rule(
        VISITOR,
        "anyone who may see the group (signed out: public groups)",
        GROUP,
        ok("member", shows=("address",)),
        (
            hides("stranger", "address", why="a public group's address is for its approved members"),
            refused("stranger", 404, "a private group", url=HIDDEN_GROUP),
        ),
        signed_out=(
            visitor_sees("group", why="a public group, without address or facilitators"),
            *NOT_FOR_VISITORS,
        ),
    ),
    ("groups.GroupById", "PATCH"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        GROUP,
        ok("facilitator"),
        (
            *NOT_FACILITATOR,
            refused("stranger", 404, "a private group", url=HIDDEN_GROUP),
            refused("facilitator", 404, "another facilitator's private group", url=HIDDEN_GROUP),
        ),
        body={"description": "A gentle evening circle, now on Thursdays."},
    ),
    ("groups.GroupById", "DELETE"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        GROUP,
        ok("facilitator", 204),
        (*NOT_FACILITATOR, refused("stranger", 404, "a private group", url=HIDDEN_GROUP)),
    ),
    ("groups.Guidelines", "GET"): Rule(
        VISITOR,
        "any member who may see the group",
        f"{GROUP}/guidelines",
        ok("stranger"),
        (refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/guidelines"),),
        signed_out=(
            visitor_sees(why="a public group's guidelines"),
            *(replace(call, url=f"{call.url}/guidelines") for call in NOT_FOR_VISITORS),
        ),
    ),
    ("groups.Guidelines", "PUT"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{GROUP}/guidelines",
        ok("facilitator"),
        (*NOT_FACILITATOR, refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/guidelines")),
        body={"text": "Be kind, listen, and keep what is shared here."},
    ),
    ("memberships.Invitations", "POST"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{GROUP}/invitations",
        ok("facilitator", 201),
        (*NOT_FACILITATOR, refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/invitations")),
        body={},
    ),
    ("memberships.Members", "GET"): Rule(
        MEMBER,
        "the group's active members; pending requests for its facilitators",
        f"{GROUP}/members",
        ok("member"),
        (
            refused("stranger", 403, "a public group the caller is not in"),
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/members"),
            refused(
                "member", 403, "pending requests are for facilitators", url=f"{GROUP}/members?status=pending"
            ),
        ),
    ),
    ("memberships.Join", "POST"): Rule(
        MEMBER,
        "any member who may see the group, or holds an invitation code",
        f"{GROUP}/memberships",
        ok("stranger", 201),
        (
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/memberships"),
            refused(
                "stranger",
                404,
                "a private group, with another group's valid code",
                url=f"{HIDDEN_GROUP}/memberships",
                body={"accepted_guidelines_version": 1, "invitation_code": "{group_invitation_code}"},
            ),
            refused(
                "stranger",
                404,
                "a private group, with a made-up code",
                url=f"{HIDDEN_GROUP}/memberships",
                body={"accepted_guidelines_version": 1, "invitation_code": "made-up-code"},
            ),
            refused(
                "stranger",
                404,
                "a private group, with a made-up code and a wrong guidelines version",
                url=f"{HIDDEN_GROUP}/memberships",
                body={"accepted_guidelines_version": 7, "invitation_code": "made-up-code"},
            ),
        ),
        body={"accepted_guidelines_version": 1},
    ),
    ("memberships.MyMembership", "DELETE"): Rule(
        MEMBER,
        "the member leaving",
        f"{GROUP}/memberships/me",
        ok("member", 204),
        (refused("stranger", 404, "not a member; the others' memberships stay"),),
    ),
    ("memberships.MyMembership", "PATCH"): Rule(
        MEMBER,
        "the group's active members",
        f"{GROUP}/memberships/me",
        ok("member"),
        (
            refused("stranger", 403, "not a member of the group"),
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/memberships/me"),
        ),
        body={"accepted_guidelines_version": 1},
    ),
    ("memberships.MembershipDecision", "PATCH"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{GROUP}/memberships/{{groupmate_id}}",
        ok("facilitator"),
        (
            *NOT_FACILITATOR,
            refused(
                "facilitator",
                404,
                "another facilitator's private group",
                url=f"{HIDDEN_GROUP}/memberships/{{other_facilitator_id}}",
            ),
        ),
        body={"action": "mute"},
    ),
    # --- sessions, bookings, calendars, feeds ----------------------------------------------------------
    ("sessions.GroupSessions", "GET"): Rule(
        VISITOR,
        "anyone who may see the group (signed out: public groups)",
        f"{GROUP}/sessions",
        ok("facilitator", shows=("online_url", "free_online_url")),
        (
            hides("member", "free_online_url", why="a link is for members with a confirmed place"),
            hides("stranger", "online_url", "free_online_url", why="not a member of the group"),
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/sessions"),
        ),
        signed_out=(
            visitor_sees("session", "free_session", why="a public group's sessions, without links or rooms"),
            *(replace(call, url=f"{call.url}/sessions") for call in NOT_FOR_VISITORS),
        ),
    ),
    ("sessions.GroupSessions", "POST"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{GROUP}/sessions",
        ok("facilitator", 201),
        (*NOT_FACILITATOR, refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/sessions")),
        body={"title": "Sharing circle", "capacity": 10, "starts_at": "{later}"},
    ),
    ("sessions.VisibleSessions", "GET"): Rule(
        VISITOR,
        "anyone: sessions of groups they may see (signed out: of public groups)",
        f"{V1}/sessions",
        ok("other_facilitator", shows=("hidden_session",)),
        (
            hides("stranger", "hidden_session", "online_url", why="a private group's session; others' links"),
            hides("member", "free_online_url", why="a link is for members with a confirmed place"),
        ),
        signed_out=(
            Call(
                "anonymous",
                200,
                hides=("hidden_session", "invite_session", *PERSONAL),
                shows=("session",),
                why="sessions of public groups, without links or rooms",
            ),
        ),
    ),
    ("sessions.SessionById", "GET"): Rule(
        VISITOR,
        "anyone who may see the group (signed out: public groups)",
        SESSION,
        ok("member", shows=("online_url",)),
        (
            hides("stranger", "online_url", why="the link is for members with a confirmed place"),
            hides(
                "member",
                "free_online_url",
                why="a member of the group without a place in that session",
                url=f"{V1}/sessions/{{free_session}}",
            ),
            refused("stranger", 404, "a private group's session", url=HIDDEN_SESSION),
        ),
        signed_out=(
            visitor_sees("session", why="a public group's session, without its link, room or attendees"),
            *NOT_FOR_VISITORS_SESSIONS,
        ),
    ),
    ("sessions.SessionById", "PATCH"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        SESSION,
        ok("facilitator"),
        (*NOT_FACILITATOR, refused("stranger", 404, "a private group's session", url=HIDDEN_SESSION)),
        body={"title": "Renamed circle"},
    ),
    ("sessions.SessionById", "DELETE"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        SESSION,
        ok("facilitator", 204),
        (*NOT_FACILITATOR, refused("stranger", 404, "a private group's session", url=HIDDEN_SESSION)),
    ),
    ("rsvps.MyRsvp", "PUT"): Rule(
        MEMBER,
        "the group's active, unmuted members",
        f"{V1}/sessions/{{free_session}}/rsvp",
        ok("member"),
        (
            refused("stranger", 403, "not a member of the group"),
            refused("stranger", 404, "a private group's session", url=f"{HIDDEN_SESSION}/rsvp"),
        ),
    ),
    ("rsvps.MyRsvp", "DELETE"): Rule(
        MEMBER,
        "the member who booked",
        f"{SESSION}/rsvp",
        ok("member", 204),
        (
            refused("stranger", 404, "no booking of theirs; mine stays"),
            refused("stranger", 404, "a private group's session", url=f"{HIDDEN_SESSION}/rsvp"),
        ),
    ),
    ("rsvps.Attendees", "GET"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{SESSION}/attendees",
        ok("facilitator"),
        (
            *NOT_FACILITATOR,
            refused("stranger", 404, "a private group's session", url=f"{HIDDEN_SESSION}/attendees"),
        ),
    ),
    ("rsvps.AttendanceRecord", "POST"): Rule(
        MEMBER,
        "facilitators mark anyone; a member checks only themselves in",
        f"{SESSION}/attendance",
        ok("facilitator"),
        (
            refused("groupmate", 403, "a member marking someone else"),
            refused("other_facilitator", 403, "facilitates another group"),
            refused("stranger", 404, "a private group's session", url=f"{HIDDEN_SESSION}/attendance"),
        ),
        body={"member_id": "{me}", "attended": True},
    ),
    ("calendars.SessionCalendar", "GET"): Rule(
        MEMBER,
        "any member who may see the group",
        f"{SESSION}/calendar.ics",
        ok("member", shows=("online_url",)),
        (
            hides("stranger", "online_url", why="the link is for members with a confirmed place"),
            refused("stranger", 404, "a private group's session", url=f"{HIDDEN_SESSION}/calendar.ics"),
        ),
    ),
    ("feeds.MeetingGuide", "GET"): Rule(
        PUBLIC,
        "anyone: public groups' weekly sessions",
        f"{V1}/feeds/meeting-guide.json",
        # No private group, no street address and no online link, ever.
        ok("anonymous", shows=("group",), hides=("hidden_group", "address", "online_url", "free_online_url")),
    ),
    ("crisis.CrisisLines", "GET"): Rule(
        PUBLIC, "anyone, always", f"{V1}/resources/crisis?region=GB", ok("anonymous")
    ),
    # --- coaching ----------------------------------------------------------------------------------
    ("coaching_relationships.Coaches", "GET"): Rule(
        MEMBER, "any member: coaches' public profiles", f"{V1}/coaches", ok("member")
    ),
    ("coaching_relationships.Relationships", "GET"): Rule(
        MEMBER,
        "any member: relationships they are part of",
        f"{V1}/coaching-relationships",
        ok("member", shows=("relationship",)),
        (hides("stranger", "relationship", why="other people's relationships"),),
    ),
    ("coaching_relationships.Relationships", "POST"): Rule(
        MEMBER,
        "a member asks a coach; a coach invites a member; admins assign",
        f"{V1}/coaching-relationships",
        ok("member", 201),
        (refused("member", 403, "only coaches invite members", body={"member_id": "{stranger_id}"}),),
        body={"coach_id": "{other_coach_id}"},
    ),
    ("coaching_relationships.RelationshipById", "PATCH"): Rule(
        MEMBER,
        "either side (the asked side accepts or declines), and admins",
        f"{V1}/coaching-relationships/{{relationship}}",
        ok("member"),
        (
            refused("stranger", 404, "not part of it"),
            refused("other_coach", 404, "a coach, but not in this relationship"),
            refused(
                "groupmate",
                403,
                "the asking side cannot accept its own request",
                url=f"{V1}/coaching-relationships/{{pending_relationship}}",
                body={"action": "accept"},
            ),
        ),
        body={"action": "end"},
    ),
    ("coaching_plans.Plans", "GET"): Rule(
        MEMBER,
        "any member: their plans, and a coach the plans of members they coach",
        f"{V1}/coaching-plans",
        ok("coach", shows=("plan",)),
        (
            hides("stranger", "plan", why="someone else's plan"),
            hides("other_coach", "plan", why="a coach, but of another member"),
            hides("former_coach", "plan", why="the relationship ended"),
        ),
    ),
    ("coaching_plans.Plans", "POST"): Rule(
        MEMBER,
        "any member for themselves; a coach for a member they coach",
        f"{V1}/coaching-plans",
        ok("coach", 201),
        NOT_THEIR_PLAN,
        body={"title": "Steadier evenings", "member_id": "{me}"},
    ),
    ("coaching_plans.PlanById", "GET"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        PLAN,
        ok("coach"),
        (
            *NOT_THEIR_PLAN,
            refused("facilitator", 404, "facilitators do not read coaching plans"),
            refused("admin", 404, "nor do admins"),
        ),
    ),
    ("coaching_plans.PlanById", "PATCH"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        PLAN,
        ok("member"),
        (*NOT_THEIR_PLAN, refused("admin", 404, "admins do not edit coaching plans")),
        body={"title": "My next 90 days"},
    ),
    ("coaching_plans.Goals", "GET"): Rule(
        MEMBER, "the plan's member and their active coach", f"{PLAN}/goals", ok("member"), NOT_THEIR_PLAN
    ),
    ("coaching_plans.Goals", "POST"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        f"{PLAN}/goals",
        ok("coach", 201),
        NOT_THEIR_PLAN,
        body={"what": "Walk three times a week"},
    ),
    ("coaching_plans.GoalById", "PATCH"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        GOAL,
        ok("member"),
        (
            *NOT_THEIR_PLAN,
            refused("member", 404, "another plan's goal under my plan", url=f"{PLAN}/goals/{{other_goal}}"),
        ),
        body={"progress_percent": 50},
    ),
    ("coaching_plans.GoalById", "DELETE"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        GOAL,
        ok("coach", 204),
        (
            *NOT_THEIR_PLAN,
            refused("member", 404, "another plan's goal under my plan", url=f"{PLAN}/goals/{{other_goal}}"),
        ),
    ),
    ("coaching_plans.Steps", "GET"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        f"{GOAL}/steps",
        ok("coach"),
        (
            *NOT_THEIR_PLAN,
            refused(
                "member", 404, "another plan's goal under my plan", url=f"{PLAN}/goals/{{other_goal}}/steps"
            ),
        ),
    ),
    ("coaching_plans.Steps", "POST"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        f"{GOAL}/steps",
        ok("member", 201),
        (
            *NOT_THEIR_PLAN,
            refused(
                "member", 404, "another plan's goal under my plan", url=f"{PLAN}/goals/{{other_goal}}/steps"
            ),
        ),
        body={"title": "Buy comfortable shoes"},
    ),
    ("coaching_plans.StepById", "PATCH"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        STEP,
        ok("member"),
        (
            *NOT_THEIR_PLAN,
            refused("member", 404, "another goal's step under my goal", url=f"{GOAL}/steps/{{other_step}}"),
        ),
        body={"done": True},
    ),
    ("coaching_plans.StepById", "DELETE"): Rule(
        MEMBER,
        "the plan's member and their active coach",
        STEP,
        ok("member", 204),
        (
            *NOT_THEIR_PLAN,
            refused("member", 404, "another goal's step under my goal", url=f"{GOAL}/steps/{{other_step}}"),
        ),
    ),
    ("coaching_plans.Notes", "GET"): Rule(
        MEMBER,
        "the plan's member (notes are about them) and their coach",
        f"{PLAN}/notes",
        ok("member"),
        NOT_THEIR_PLAN,
    ),
    ("coaching_plans.Notes", "POST"): Rule(
        MEMBER,
        "the member's active coach",
        f"{PLAN}/notes",
        ok("coach", 201),
        (*NOT_THEIR_PLAN, refused("member", 403, "the member reads notes but does not write them")),
        body={"body": "We talked about evenings; a walking group may help."},
    ),
    ("check_ins.CheckIns", "GET"): Rule(
        MEMBER,
        "the plan's member and their active coach (only the notes the member shared)",
        f"{PLAN}/check-ins",
        ok("member", shows=("private_note",)),
        (*NOT_THEIR_PLAN, hides("coach", "private_note", why="a note the member did not share")),
    ),
    ("check_ins.CheckIns", "POST"): Rule(
        MEMBER,
        "the plan's member only",
        f"{PLAN}/check-ins",
        ok("member", 201),
        (*NOT_THEIR_PLAN, refused("coach", 403, "a coach never checks in for the member")),
        body={"mood": 6, "craving": 3},
    ),
    ("check_ins.Progress", "GET"): Rule(
        MEMBER, "the plan's member and their active coach", f"{PLAN}/progress", ok("coach"), NOT_THEIR_PLAN
    ),
    # --- directory and referrals ---------------------------------------------------------------------
    ("directory.Resources", "GET"): Rule(
        VISITOR,
        "anyone: the directory (signed out: without bookmarks or verifiers)",
        f"{V1}/resources",
        ok("member"),
        signed_out=(
            Call("anonymous", 200, hides=("coach_id", *PERSONAL), shows=("resource",), why="the entries"),
        ),
    ),
    ("directory.Resources", "POST"): Rule(
        MEMBER,
        "coaches and admins curate",
        f"{V1}/resources",
        ok("coach", 201),
        (refused("member", 403, "not a curator"), refused("facilitator", 403, "not a curator")),
        body={
            "name": "Evening Helpline",
            "kind": "helpline",
            "description": "Talk to someone in the evening.",
            "region": "GB",
        },
    ),
    ("directory.ResourceById", "GET"): Rule(
        VISITOR,
        "anyone: the directory (signed out: without bookmarks or verifiers)",
        RESOURCE,
        ok("member"),
        open_to_all="the directory is open to everyone",
        signed_out=(
            Call("anonymous", 200, hides=("coach_id", *PERSONAL), shows=("resource",), why="the entry"),
        ),
    ),
    ("directory.ResourceById", "PATCH"): Rule(
        MEMBER,
        "coaches and admins curate",
        RESOURCE,
        ok("coach"),
        (refused("member", 403, "not a curator"), refused("facilitator", 403, "not a curator")),
        body={"description": "Open every evening, free to call."},
    ),
    ("directory.ResourceById", "DELETE"): Rule(
        MEMBER,
        "coaches and admins curate",
        RESOURCE,
        ok("admin", 204),
        (refused("member", 403, "not a curator"), refused("facilitator", 403, "not a curator")),
    ),
    ("directory.Verification", "POST"): Rule(
        MEMBER,
        "coaches and admins curate",
        f"{RESOURCE}/verification",
        ok("coach"),
        (refused("member", 403, "not a curator"),),
    ),
    ("referrals.Referrals", "GET"): Rule(
        MEMBER,
        "any member: referrals made to them, or (made_by_me) by them",
        f"{V1}/referrals",
        ok("member", shows=("referral",)),
        (
            hides("stranger", "referral", why="another member's referrals"),
            hides(
                "other_coach", "referral", why="made by another coach", url=f"{V1}/referrals?made_by_me=true"
            ),
        ),
    ),
    ("referrals.Referrals", "POST"): Rule(
        MEMBER,
        "the member's active coach",
        f"{V1}/referrals",
        ok("coach", 201),
        (
            refused("other_coach", 404, "a coach, but of another member"),
            refused("former_coach", 404, "the relationship ended"),
            refused("stranger", 404, "not a coach of the member"),
        ),
        body={"member_id": "{me}", "resource_id": "{resource}"},
    ),
    ("referrals.ReferralById", "PATCH"): Rule(
        MEMBER,
        "the referred member and the referrer (only the referrer moves the follow-up)",
        f"{V1}/referrals/{{referral}}",
        ok("member"),
        (
            refused("stranger", 404, "another member's referral"),
            refused("other_coach", 404, "a coach, but not the referrer"),
            refused(
                "member", 403, "the follow-up date is the referrer's", body={"follow_up_on": "{later_date}"}
            ),
        ),
        body={"status": "contacted"},
    ),
    # --- safety and moderation -----------------------------------------------------------------------
    ("moderation.Reports", "POST"): Rule(
        MEMBER,
        "any member, about what they may see",
        f"{V1}/reports",
        ok("member", 201),
        (
            refused(
                "stranger",
                404,
                "a private group's session",
                body={
                    "session_id": "{hidden_session}",
                    "category": "other",
                    "text": "Something happened there.",
                },
            ),
            refused("stranger", 404, "a private group", body={**REPORT_BODY, "group_id": "{hidden_group}"}),
        ),
        body=REPORT_BODY,
    ),
    ("moderation.Reports", "GET"): Rule(
        MEMBER,
        "facilitators (their groups' reports) and admins (all); others get an empty queue",
        f"{V1}/reports",
        ok("facilitator", shows=("report",)),
        (
            hides("other_facilitator", "report", why="another group's report"),
            hides("member", "report", why="the reporter does not triage"),
        ),
    ),
    ("moderation.ReportById", "PATCH"): Rule(
        MEMBER,
        "the group's facilitators and admins; only admins suspend",
        f"{V1}/reports/{{report}}",
        ok("facilitator"),
        (
            refused("other_facilitator", 404, "another group's report"),
            refused("member", 404, "the reporter does not triage"),
            refused("groupmate", 404, "the member it is about"),
            refused(
                "facilitator",
                403,
                "suspending an account is for admins",
                body={"action": "ban", "reason": "Repeated abuse."},
            ),
        ),
        body={"action": "warn", "reason": "Please let others finish."},
    ),
    ("moderation.Appeal", "POST"): Rule(
        MEMBER,
        "the member the action is about, once",
        f"{V1}/moderation-actions/{{action}}/appeal",
        ok("member"),
        (
            refused("stranger", 404, "an action about someone else"),
            refused("facilitator", 404, "the moderator who acted"),
        ),
        body={"text": "I did not realise I was talking over people."},
    ),
    ("moderation.Appeals", "GET"): Rule(
        MEMBER,
        "admins",
        f"{V1}/moderation-actions",
        ok("admin"),
        (refused("member", 403, "not an admin"), refused("facilitator", 403, "not an admin")),
    ),
    ("moderation.AppealDecision", "PATCH"): Rule(
        MEMBER,
        "admins",
        f"{V1}/moderation-actions/{{appealed_action}}",
        ok("admin"),
        (
            refused("member", 403, "the appellant cannot decide"),
            refused("facilitator", 403, "the moderator who acted cannot decide"),
        ),
        body={"decision": "uphold"},
    ),
    # --- conversation moderation: pace rules, the approval queue, reported content (conv-mod) ------
    ("conversation_moderation.ConversationSettings", "GET"): Rule(
        MEMBER,
        "the group's conversation readers (members, facilitators, admins)",
        f"{GROUP}/conversation-settings",
        ok("member"),
        (
            refused("stranger", 403, "not a member of this visible group"),
            refused("other_facilitator", 403, "a facilitator of another group"),
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/conversation-settings"),
        ),
    ),
    ("conversation_moderation.ConversationSettings", "PATCH"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{GROUP}/conversation-settings",
        ok("facilitator"),
        (
            refused("member", 403, "a member reads the pace rules but does not set them"),
            refused("other_facilitator", 403, "a facilitator of another group"),
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/conversation-settings"),
        ),
        body={"slow_mode_seconds": 30},
    ),
    ("conversation_moderation.HeldPosts", "GET"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{GROUP}/held-posts",
        ok("facilitator", shows=("held_post",)),
        (
            refused("member", 403, "a member of the group, not a facilitator"),
            refused("groupmate", 403, "the author of a held post"),
            refused("other_facilitator", 403, "a facilitator of another group"),
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/held-posts"),
        ),
    ),
    ("conversation_moderation.PostApproval", "POST"): Rule(
        MEMBER,
        "the group's facilitators and admins",
        f"{V1}/posts/{{held_post}}/approval",
        ok("facilitator"),
        (
            refused("member", 404, "someone else's held post is not shown to peers"),
            refused("groupmate", 403, "its author cannot approve it"),
            refused("other_facilitator", 403, "a facilitator of another group"),
            refused(
                "stranger", 404, "a private group's post", url=f"{V1}/posts/{{hidden_held_post}}/approval"
            ),
        ),
        body={"approve": True},
    ),
    ("moderation.ReportContent", "GET"): Rule(
        MEMBER,
        "the reviewers of the report: the group's facilitators and admins",
        f"{V1}/reports/{{post_report}}/content",
        ok("facilitator"),
        (
            refused("member", 404, "the reporter does not triage"),
            refused("groupmate", 404, "the author of the reported post"),
            refused("other_facilitator", 404, "another group's report"),
        ),
    ),
    ("moderation.AuditLog", "GET"): Rule(
        MEMBER,
        "admins",
        f"{V1}/audit-log",
        ok("admin"),
        (
            refused("member", 403, "not an admin"),
            refused("facilitator", 403, "not an admin"),
            refused("coach", 403, "not an admin"),
        ),
    ),
    # --- group conversations (conv-core) ---------------------------------------------------------------
    ("conversations.GroupThreads", "GET"): Rule(
        MEMBER,
        "the group's active members (muted too), its facilitators and admins",
        f"{GROUP}/threads",
        ok("muted_member", shows=("thread", "thread_title")),
        (*NOT_A_READER, refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/threads")),
    ),
    ("conversations.GroupThreads", "POST"): Rule(
        MEMBER,
        "the group's unmuted active members who accepted its guidelines, and its facilitators",
        f"{GROUP}/threads",
        ok("groupmate", 201),
        (
            *NOT_A_WRITER,
            refused("stranger", 404, "a private group", url=f"{HIDDEN_GROUP}/threads"),
        ),
        body={"title": "Evenings are hard", "body": "How do you get through them?"},
    ),
    ("conversations.ThreadById", "GET"): Rule(
        MEMBER,
        "the group's readers",
        THREAD,
        ok("groupmate", shows=("thread_title",)),
        (*NOT_A_READER, refused("stranger", 404, "a private group's thread", url=HIDDEN_THREAD)),
    ),
    ("conversations.ThreadById", "PATCH"): Rule(
        MEMBER,
        "its author (within the edit window); facilitators for their own fields",
        THREAD,
        ok("member"),
        (
            refused("groupmate", 403, "not the author"),
            refused("facilitator", 403, "facilitators moderate; they do not rewrite"),
            refused("groupmate", 403, "facilitators' fields", body={"is_pinned": True}),
            *NOT_A_READER,
            refused("stranger", 404, "a private group's thread", url=HIDDEN_THREAD),
        ),
        body={"body": "Evenings are a little easier now."},
    ),
    ("conversations.ThreadById", "DELETE"): Rule(
        MEMBER,
        "its author",
        THREAD,
        ok("member", 204),
        (
            refused("groupmate", 403, "not the author"),
            refused("facilitator", 403, "facilitators hide; they do not delete"),
            *NOT_A_READER,
            refused("stranger", 404, "a private group's thread", url=HIDDEN_THREAD),
        ),
    ),
    ("conversations.ThreadPosts", "GET"): Rule(
        MEMBER,
        "the group's readers",
        f"{THREAD}/posts",
        ok("muted_member", shows=("reply", "reply_body")),
        (*NOT_A_READER, refused("stranger", 404, "a private group's thread", url=f"{HIDDEN_THREAD}/posts")),
    ),
    ("conversations.ThreadPosts", "POST"): Rule(
        MEMBER,
        "the group's writers",
        f"{THREAD}/posts",
        ok("groupmate", 201),
        (*NOT_A_WRITER, refused("stranger", 404, "a private group's thread", url=f"{HIDDEN_THREAD}/posts")),
        body={"body": "Same here. A walk after dinner helps me."},
    ),
    ("conversations.PostById", "PATCH"): Rule(
        MEMBER,
        "its author (within the edit window); facilitators for their own fields",
        REPLY,
        ok("groupmate"),
        (
            refused("member", 403, "not the author"),
            refused("member", 403, "facilitators' fields", body={"hidden": True, "hidden_reason": "No"}),
            *NOT_A_READER,
            refused("stranger", 404, "a private group's post", url=HIDDEN_POST),
        ),
        body={"body": "Same here. A walk after dinner helps."},
    ),
    ("conversations.PostById", "DELETE"): Rule(
        MEMBER,
        "its author",
        REPLY,
        ok("groupmate", 204),
        (
            refused("member", 403, "not the author"),
            refused("facilitator", 403, "facilitators hide; they do not delete"),
            *NOT_A_READER,
            refused("stranger", 404, "a private group's post", url=HIDDEN_POST),
        ),
    ),
    ("conversations.PostReaction", "PUT"): Rule(
        MEMBER,
        "the group's writers",
        f"{REPLY}/reactions/me_too",
        ok("member"),
        (
            *NOT_A_WRITER,
            refused("stranger", 404, "a private group's post", url=f"{HIDDEN_POST}/reactions/me_too"),
        ),
    ),
    ("conversations.PostReaction", "DELETE"): Rule(
        MEMBER,
        "the group's writers",
        f"{REPLY}/reactions/me_too",
        ok("member"),
        (
            *NOT_A_WRITER,
            refused("stranger", 404, "a private group's post", url=f"{HIDDEN_POST}/reactions/me_too"),
        ),
    ),
    ("conversations.MyContentPreferences", "GET"): Rule(
        MEMBER, "any member: their own", f"{ME}/content-preferences", ok("member")
    ),
    ("conversations.MyContentPreferences", "PUT"): Rule(
        MEMBER,
        "any member: their own",
        f"{ME}/content-preferences",
        ok("member"),
        body={"always_folded": ["loss"]},
    ),
    # --- partner clinics, the admins' and members' side ----------------------------------------------
    ("clinics.Clinics", "GET"): Rule(
        MEMBER,
        "any member: whom to consent to (retired clinics for admins)",
        f"{V1}/clinics",
        ok("member"),
        (
            hides(
                "member",
                "retired_clinic",
                why="retired clinics are listed for admins only",
                url=f"{V1}/clinics?include_retired=true",
            ),
        ),
    ),
    ("clinics.Clinics", "POST"): Rule(
        MEMBER, "admins", f"{V1}/clinics", ok("admin", 201), NOT_ADMIN, body={"name": "Riverside Clinic"}
    ),
    ("clinics.ClinicById", "GET"): Rule(
        MEMBER,
        "any member (a retired clinic: admins)",
        CLINIC_ADMIN,
        ok("member"),
        (refused("member", 404, "a retired clinic", url=f"{V1}/clinics/{{retired_clinic}}"),),
    ),
    ("clinics.ClinicById", "PATCH"): Rule(
        MEMBER,
        "admins",
        CLINIC_ADMIN,
        ok("admin"),
        NOT_ADMIN,
        body={"description": "Community addiction service."},
    ),
    ("clinics.ClinicClients", "GET"): Rule(
        MEMBER, "admins", f"{CLINIC_ADMIN}/clients", ok("admin"), NOT_ADMIN
    ),
    ("clinics.ClinicClients", "POST"): Rule(
        MEMBER,
        "admins",
        f"{CLINIC_ADMIN}/clients",
        ok("admin", 201),
        NOT_ADMIN,
        body={"label": "Second integration", "allowed_scopes": ["members:read"]},
    ),
    ("clinics.ClinicClientById", "DELETE"): Rule(
        MEMBER,
        "admins",
        f"{CLINIC_ADMIN}/clients/{{client_row}}",
        ok("admin"),
        (
            *NOT_ADMIN,
            refused(
                "admin", 404, "another clinic's client", url=f"{CLINIC_ADMIN}/clients/{{other_client_row}}"
            ),
        ),
    ),
    ("clinics.ClinicClientSecret", "POST"): Rule(
        MEMBER,
        "admins",
        f"{CLINIC_ADMIN}/clients/{{client_row}}/secret",
        ok("admin"),
        (
            *NOT_ADMIN,
            refused(
                "admin",
                404,
                "another clinic's client",
                url=f"{CLINIC_ADMIN}/clients/{{other_client_row}}/secret",
            ),
        ),
    ),
    # --- the partner clinic API (client-credentials tokens) -------------------------------------------
    ("clinic.ClinicMembers", "GET"): Rule(
        CLINIC,
        "a clinic client: members with a consent in force for its clinic",
        f"{V1}/clinic/members",
        ok("clinic", shows=("patient", "limited_patient")),
        (
            hides("other_clinic", "patient", why="my pseudonym at another clinic"),
            hides(
                "clinic",
                "revoked_patient",
                "expired_patient",
                "other_patient",
                why="revoked, expired, or another's",
            ),
        ),
        scope="members:read",
    ),
    ("clinic.ClinicMember", "GET"): Rule(
        CLINIC,
        "a clinic client, for a consented member",
        PATIENT,
        ok("clinic"),
        not_their_patient(scope_limited=False),
        scope="members:read",
    ),
    ("clinic.ClinicMemberPlans", "GET"): Rule(
        CLINIC,
        "a clinic client, within the member's consented scopes",
        f"{PATIENT}/coaching-plans",
        ok("clinic"),
        not_their_patient("/coaching-plans"),
        scope="plans:read",
    ),
    ("clinic.ClinicMemberCheckIns", "GET"): Rule(
        CLINIC,
        "a clinic client, within the member's consented scopes",
        f"{PATIENT}/check-ins",
        ok("clinic", hides=("private_note",)),
        not_their_patient("/check-ins"),
        scope="checkins:read",
    ),
    ("clinic.ClinicMemberAttendance", "GET"): Rule(
        CLINIC,
        "a clinic client, within the member's consented scopes",
        f"{PATIENT}/attendance",
        ok("clinic"),
        not_their_patient("/attendance"),
        scope="attendance:read",
    ),
    ("clinic.ClinicMemberFhir", "GET"): Rule(
        CLINIC,
        "a clinic client, for a consented member",
        f"{PATIENT}/fhir",
        ok("clinic", hides=("private_note",)),
        not_their_patient("/fhir", scope_limited=False),
        scope="members:read",
    ),
    ("clinic.ClinicReferrals", "GET"): Rule(
        CLINIC,
        "a clinic client: its own clinic's referrals",
        f"{V1}/clinic/referrals",
        ok("clinic", shows=("clinic_referral",)),
        (hides("other_clinic", "clinic_referral", why="another clinic's referral"),),
        scope="referrals:write",
    ),
    ("clinic.ClinicReferrals", "POST"): Rule(
        CLINIC,
        "a clinic client",
        f"{V1}/clinic/referrals",
        ok("clinic", 201),
        body={"proposed_scopes": ["members:read"], "purpose": "Follow your progress between appointments"},
        scope="referrals:write",
    ),
    ("clinic_webhooks.Subscriptions", "GET"): Rule(
        CLINIC,
        "a clinic client: its own clinic's subscriptions",
        f"{V1}/clinic/webhooks",
        ok("clinic", shows=("subscription",)),
        (hides("other_clinic", "subscription", why="another clinic's subscription"),),
    ),
    ("clinic_webhooks.Subscriptions", "POST"): Rule(
        CLINIC,
        "a clinic client",
        f"{V1}/clinic/webhooks",
        ok("clinic", 201),
        body={"url": "https://127.0.0.1:9/hooks/new", "events": ["checkin.risk"]},
    ),
    ("clinic_webhooks.SubscriptionById", "DELETE"): Rule(
        CLINIC,
        "a client of the subscription's clinic",
        WEBHOOK,
        ok("clinic", 204),
        (refused("other_clinic", 404, "another clinic's subscription"),),
    ),
    ("clinic_webhooks.Deliveries", "GET"): Rule(
        CLINIC,
        "a client of the subscription's clinic",
        f"{WEBHOOK}/deliveries",
        ok("clinic"),
        (refused("other_clinic", 404, "another clinic's subscription"),),
    ),
}


# --- coach messages: the member and their coach (while open); nobody else, not even admins ----------
MESSAGES = f"{V1}/coaching-relationships/{{relationship}}/messages"
ENDED_MESSAGES = f"{V1}/coaching-relationships/{{ended_relationship}}/messages"
NOT_THEIR_CONVERSATION = (
    refused("stranger", 404, "not part of the relationship"),
    refused("groupmate", 404, "a member, but of another relationship"),
    refused("other_coach", 404, "a coach, but of another member"),
    refused("admin", 404, "admins read messages only through a report review"),
    refused("former_coach", 404, "the relationship ended", url=ENDED_MESSAGES),
)
RULES.update(
    {
        ("coach_messages.CoachMessages", "GET"): Rule(
            MEMBER,
            "the member (always) and their coach (while the relationship is open)",
            MESSAGES,
            ok("member", shows=("coach_message",)),
            NOT_THEIR_CONVERSATION,
        ),
        ("coach_messages.CoachMessages", "POST"): Rule(
            MEMBER,
            "the member and their coach, while the relationship is active",
            MESSAGES,
            ok("coach", 201),
            NOT_THEIR_CONVERSATION
            + (
                refused(
                    "former_coach", 404, "the relationship ended", url=ENDED_MESSAGES, body={"body": "Hi"}
                ),
            ),
            body={"body": "Thank you for today."},
        ),
        ("coach_messages.CoachMessagesRead", "POST"): Rule(
            MEMBER,
            "the member and their coach (while open): the other party's messages",
            f"{MESSAGES}/read",
            ok("coach"),
            tuple(replace(call, url=call.url and f"{call.url}/read") for call in NOT_THEIR_CONVERSATION),
            body={},
        ),
    }
)


def _coach_messages(c: dict, relationship_id) -> dict:
    """A message in my conversation with my coach, and my ended relationship with my former coach."""
    (message,) = _add(
        CoachMessage(
            relationship_id=relationship_id, author_id=c["member"].member.id, body=_secret("to my coach")
        )
    )
    ended = Session.scalars(
        select(CoachingRelationship).where(CoachingRelationship.coach_id == c["former_coach"].member.id)
    ).one()
    return {"coach_message": message.body, "ended_relationship": ended.id}


# --- live events (helper "live"): tickets for one's own channels; the ticket opens the stream -------
TICKETS = f"{V1}/events/tickets"
RULES.update(
    {
        ("events.StreamTickets", "POST"): Rule(
            MEMBER,
            "any member, for channels they may follow (their groups' conversations, their coaching)",
            TICKETS,
            ok("member", 201),
            (
                refused("stranger", 403, "not a member of this public group"),
                refused("pending_member", 403, "a request not yet approved"),
                refused("removed_member", 403, "removed from the group"),
                refused("other_facilitator", 403, "facilitates another group"),
                refused("stranger", 404, "a private group", body={"channels": ["group:{hidden_group}"]}),
                refused(
                    "stranger",
                    404,
                    "not in the relationship",
                    body={"channels": ["relationship:{relationship}"]},
                ),
                refused(
                    "former_coach",
                    404,
                    "the relationship ended",
                    body={"channels": ["relationship:{ended_relationship}"]},
                ),
                refused(
                    "member", 403, "another member's channel", body={"channels": ["member:{stranger_id}"]}
                ),
            ),
            body={"channels": ["group:{group}", "relationship:{relationship}"]},
        ),
        ("events.EventStream", "GET"): Rule(
            SECRET_URL,
            "whoever holds a live ticket (an EventSource sends no Authorization header)",
            f"{V1}/events?ticket={{live_ticket}}",
            ok("anonymous"),
            (
                refused("anonymous", 401, "a forged ticket", url=f"{V1}/events?ticket=not.a.ticket"),
                refused(
                    "stranger",
                    401,
                    "an access token is not a ticket",
                    url=f"{V1}/events?ticket={{stranger_token}}",
                ),
            ),
        ),
        ("events.RecentEvents", "GET"): Rule(
            SECRET_URL,
            "whoever holds a live ticket (the polling fallback)",
            f"{V1}/events/recent?ticket={{live_ticket}}",
            ok("anonymous"),
            (refused("anonymous", 401, "a forged ticket", url=f"{V1}/events/recent?ticket=not.a.ticket"),),
        ),
        ("notifications.ReadAllNotifications", "POST"): Rule(
            MEMBER, "any member: their own notifications", f"{ME}/notifications/read-all", ok("member")
        ),
    }
)


def _live_tickets(app, c: dict, ids: dict) -> dict:
    """A live ticket of mine for my group, and a stranger's access token to misuse as one."""
    app.config["LIVE_STREAM_LIFETIME_SECONDS"] = 0.2  # the sweep reads each stream to its end
    response = c["member"].post(TICKETS, json={"channels": [f"group:{ids['group']}"]})
    assert response.status_code == 201, response.json
    return {"live_ticket": response.json["ticket"], "stranger_token": c["stranger"].access_token}


def _token_without(scope: str) -> str:
    """The caller holding a token of the same clinic without `scope` (one scope each)."""
    return "clinic_referrals_only" if scope == "members:read" else "clinic_members_only"


# --- the routes ----------------------------------------------------------------------------------

SWEPT = ("/api/v1/", "/healthz", "/readyz")


def swept_routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(SWEPT)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_has_an_authorization_rule(app):
    routes = swept_routes(app)
    missing = sorted(routes - RULES.keys())
    stale = sorted(RULES.keys() - routes)
    assert not missing, "\n".join(
        f"add an authorization rule for {endpoint} {method} in tests/test_authorization_sweep.py"
        for endpoint, method in missing
    )
    assert not stale, f"remove the authorization rules of routes that no longer exist: {stale}"


def _has_path_ids(url: str) -> bool:
    return "{" in url.split("?")[0]


def _signed_out_problems(name: str, rule: Rule) -> list[str]:
    """A visitor's read succeeds without the personal; object routes have a visitor's 404 too."""
    if rule.audience != VISITOR:
        return [f"{name}: only visitor routes have signed-out calls"] * bool(rule.signed_out)
    calls = rule.signed_out
    problems = []
    if any(call.caller != "anonymous" for call in calls):
        problems.append(f"{name}: signed-out calls are made without a token")
    if not any(call.status == 200 and call.hides for call in calls):
        problems.append(f"{name}: a signed-out call must succeed and hide the personal")
    if _has_path_ids(rule.url) and "{resource}" not in rule.url and not any(c.status == 404 for c in calls):
        problems.append(f"{name}: a visitor is refused what may not be seen signed out (404)")
    if not all(call.why for call in calls):
        problems.append(f"{name}: every signed-out call says why")
    return problems


def test_the_rules_are_well_formed():
    """An allowed call succeeds; a denial refuses or hides something; object routes have denials."""
    problems = []
    for (endpoint, method), rule in RULES.items():
        name = f"{endpoint} {method}"
        anonymous_allowed = rule.audience in (PUBLIC, SECRET_URL)
        if not 200 <= rule.allowed.status < 300:
            problems.append(f"{name}: the allowed call must succeed")
        if (rule.allowed.caller == "anonymous") != anonymous_allowed:
            problems.append(f"{name}: only public and secret-URL routes are called without a token")
        for call in rule.denied:
            if not (call.status in (401, 403, 404) or (call.status == 200 and call.hides)) or not call.why:
                problems.append(f"{name}: a denial refuses (401/403/404) or hides something, and says why")
        if (
            rule.audience in (MEMBER, CLINIC)
            and _has_path_ids(rule.url)
            and not (rule.denied or rule.open_to_all)
        ):
            problems.append(f"{name}: an object route needs a denial (or open_to_all with a reason)")
        if rule.scope and rule.audience != CLINIC:
            problems.append(f"{name}: only clinic routes have scopes")
        problems += _signed_out_problems(name, rule)
    assert not problems, "\n".join(problems)


# --- the world -----------------------------------------------------------------------------------


@dataclass
class Anonymous:
    client: object

    def headers(self) -> dict:
        return {}


@dataclass
class World:
    callers: dict  # name -> a signed-in member, a clinic client, or Anonymous
    ids: dict = field(default_factory=dict)  # placeholder -> value (ids, secrets, dates)


def _add(*rows):
    Session.add_all(rows)
    Session.commit()
    return rows


def _people(app, as_member, as_clinic) -> dict:
    clinic = as_clinic()
    callers = {
        "anonymous": Anonymous(app.test_client()),
        "member": as_member(),  # "me": owns the plan, the bookings, the consents...
        "stranger": as_member(),  # signed in, but related to none of it
        "groupmate": as_member(),  # another member of my group, with her own coach and plan
        "facilitator": as_member(role="facilitator", is_trained_facilitator=True),  # of my group
        "other_facilitator": as_member(role="facilitator"),  # of a private group only
        "coach": as_member(role="coach"),  # my coach
        "other_coach": as_member(role="coach"),  # my groupmate's coach
        "former_coach": as_member(role="coach"),  # was my coach; the relationship ended
        "admin": as_member(role="admin"),
        "clinic": clinic,  # a client of the clinic I consented to
        "other_clinic": as_clinic(),  # a client of another clinic
        "clinic_members_only": as_clinic(scope="members:read", clinic=clinic.clinic),
        "clinic_referrals_only": as_clinic(scope="referrals:write", clinic=clinic.clinic),
        "signed_out": as_member(),  # holds the access token of a sign-in that ended
        "revoked_clinic": as_clinic(clinic=clinic.clinic),  # a client an admin revoked since
        # My group's muted member, a pending request and a removed member (group conversations).
        "muted_member": as_member(),
        "pending_member": as_member(),
        "removed_member": as_member(),
    }
    assert callers["signed_out"].post(f"{V1}/auth/logout").status_code == 204
    # The rows the factories built are detached by now (each request ends its session).
    Session.get(ClinicClient, callers["revoked_clinic"].client_row.id).revoked_at = utcnow()
    me = Session.get(Member, callers["member"].member.id)
    me.legal_name = _secret("Legal Name")
    Session.commit()
    callers["member"].member = me
    app.extensions["limiter"].reset()  # the sign-ins above count against the auth limit
    return callers


def _secret(label: str) -> str:
    """A value found nowhere else, so a response that contains it leaked it."""
    return f"{label}-{uuid.uuid4().hex}"


def _groups(c: dict) -> dict:
    """My public, open group (facilitated, with me and my groupmate) and a private one, each
    with a weekly series; an invitation code to mine; a report, a notice and an appeal."""
    me, groupmate = c["member"].member, c["groupmate"].member
    address = _secret("Flat 2, Quiet Lane")  # for approved members only
    group = GroupFactory(address=address)
    hidden_group = GroupFactory(visibility="private")
    MembershipFactory(group=group, member=c["facilitator"].member, role="facilitator")
    MembershipFactory(group=group, member=me)
    MembershipFactory(group=group, member=groupmate)
    MembershipFactory(group=hidden_group, member=c["other_facilitator"].member, role="facilitator")
    later = utcnow() + dt.timedelta(days=2)
    # Online links are for confirmed places and facilitators: I booked the first session only.
    online_url, free_online_url = (
        _secret("https://meet.example.org/booked"),
        _secret("https://meet.example.org/open"),
    )
    session = GroupSessionFactory(group=group, starts_at=later, online_url=online_url)
    RsvpFactory(session=session, member=me)
    free_session = GroupSessionFactory(
        group=group, starts_at=later + dt.timedelta(days=1), online_url=free_online_url
    )
    hidden_session = GroupSessionFactory(group=hidden_group, starts_at=later)
    # Public, but by invitation only: members may find it, visitors may not.
    invite_group = GroupFactory(join_policy="invite")
    invite_session = GroupSessionFactory(group=invite_group, starts_at=later)
    code = "k3v9-q2xp-7m4d"
    (invitation,) = _add(
        Invitation(
            group_id=group.id,
            code_hash=hash_code(code),
            max_uses=5,
            expires_at=utcnow() + dt.timedelta(days=7),
        )
    )
    weekly, hidden_weekly = _add(weekly_series(group.id), weekly_series(hidden_group.id))
    # The Meeting Guide feed lists a series while it has an upcoming session, as a real series has.
    week_later = later + dt.timedelta(days=7)
    GroupSessionFactory(group=group, series_id=weekly.id, starts_at=week_later)
    GroupSessionFactory(group=hidden_group, series_id=hidden_weekly.id, starts_at=week_later)
    (report,) = _add(
        Report(
            reporter_id=me.id,
            subject_member_id=groupmate.id,
            group_id=group.id,
            category="dominating",
            text="Talked over everyone.",
        )
    )
    action, appealed = _add(
        ModerationAction(
            member_id=me.id,
            group_id=group.id,
            kind="warn",
            reason="Cross-talk",
            created_by_id=c["facilitator"].member.id,
        ),
        ModerationAction(
            member_id=me.id,
            group_id=group.id,
            kind="warn",
            reason="Cross-talk again",
            created_by_id=c["facilitator"].member.id,
            appeal_text="I am sorry, it will not happen again.",
            appealed_at=utcnow(),
            appeal_status="pending",
        ),
    )
    return {
        "group": group.id,
        "hidden_group": hidden_group.id,
        "session": session.id,
        "free_session": free_session.id,
        "hidden_session": hidden_session.id,
        "invite_group": invite_group.id,
        "invite_session": invite_session.id,
        "address": address,
        "online_url": online_url,
        "free_online_url": free_online_url,
        "group_invitation_code": code,
        "report": report.id,
        "action": action.id,
        "appealed_action": appealed.id,
    }


def _plan_with_goal_and_step(member, coach, private_note: str) -> tuple:
    plan = CoachingPlanFactory(member=member)
    (goal,) = _add(Goal(plan_id=plan.id, what="Sleep by eleven"))
    (step,) = _add(Step(goal_id=goal.id, title="Phone off at ten"))
    _add(CoachNote(plan_id=plan.id, coach_id=coach.id, body="We talked about evenings."))
    CheckInFactory(plan=plan, note=private_note, note_shared=False)
    return plan, goal, step


def _coaching(c: dict) -> dict:
    """My coach, my former coach, and my plan; my groupmate's coach and plan; her open request."""
    me, groupmate = c["member"].member, c["groupmate"].member
    relationship = CoachingRelationshipFactory(member=me, coach=c["coach"].member)
    CoachingRelationshipFactory(member=groupmate, coach=c["other_coach"].member)
    CoachingRelationshipFactory(member=me, coach=c["former_coach"].member, status="ended", ended_at=utcnow())
    pending = CoachingRelationshipFactory(
        member=groupmate, coach=c["coach"].member, status="requested", started_at=None
    )
    private_note = _secret("a note I keep to myself")  # not shared with my coach
    plan, goal, step = _plan_with_goal_and_step(me, c["coach"].member, private_note)
    _other_plan, other_goal, other_step = _plan_with_goal_and_step(groupmate, c["other_coach"].member, "hers")
    return {
        "private_note": private_note,
        "relationship": relationship.id,
        "pending_relationship": pending.id,
        "plan": plan.id,
        "goal": goal.id,
        "step": step.id,
        "other_goal": other_goal.id,
        "other_step": other_step.id,
    }


def _account(c: dict) -> dict:
    """My resource bookmark and referral, notification, access-log entry, other device, feed."""
    me, coach = c["member"].member, c["coach"].member
    resource = ResourceFactory(verified_at=utcnow(), verified_by_id=coach.id)
    _add(Bookmark(member_id=me.id, resource_id=resource.id))
    referral, notification, entry = _add(
        Referral(member_id=me.id, resource_id=resource.id, referred_by_id=coach.id, note="Try it"),
        Notification(member_id=me.id, kind="session_reminder", title="Soon", body="Tomorrow"),
        AccessLogEntry(
            member_id=me.id, viewer_id=coach.id, viewer_role="coach", what="GET /api/v1/coaching-plans"
        ),
    )
    device = LoginSessionFactory(member=me)
    stale, feed = (c["member"].post(f"{ME}/calendar-feed") for _ in range(2))  # the second replaces
    assert feed.status_code == 201, feed.json
    return {
        "resource": resource.id,
        "referral": referral.id,
        "notification": notification.id,
        "access_entry": entry.id,
        "device": device.id,
        "feed_token": feed.json["token"],
        "stale_feed_token": stale.json["token"],
    }


def _invitation(clinic_id) -> ClinicInvitation:
    return ClinicInvitation(
        clinic_id=clinic_id,
        code_hash=uuid.uuid4().hex,
        proposed_scopes=["members:read"],
        purpose="Follow up",
        consent_days=180,
        expires_at=utcnow() + dt.timedelta(days=30),
    )


def _clinics(c: dict) -> dict:
    """I consented to the clinic; the stranger to the other one (and revoked the first); my
    groupmate shares only her profile with the clinic; my former coach's consent expired. Each
    clinic has a referral and a webhook; one more clinic is retired."""
    me, stranger, groupmate = c["member"].member, c["stranger"].member, c["groupmate"].member
    clinic, other_clinic = c["clinic"].clinic, c["other_clinic"].clinic
    consent = ConsentFactory(member=me, clinic=clinic)
    proposal = ConsentFactory(member=me, clinic=other_clinic, status="proposed", signed_at=None)
    patient = ClinicPatientFactory(clinic=clinic, member=me)
    other_patient = ClinicPatientFactory(clinic=other_clinic, member=stranger)
    ConsentFactory(member=stranger, clinic=other_clinic)
    revoked_patient = ClinicPatientFactory(clinic=clinic, member=stranger)
    ConsentFactory(member=stranger, clinic=clinic, status="revoked", revoked_at=utcnow())
    limited_patient = ClinicPatientFactory(clinic=clinic, member=groupmate)
    ConsentFactory(member=groupmate, clinic=clinic, scopes=["members:read"])
    former = c["former_coach"].member
    expired_patient = ClinicPatientFactory(clinic=clinic, member=former)
    ConsentFactory(member=former, clinic=clinic, expires_at=utcnow() - dt.timedelta(days=1))
    retired_clinic = ClinicFactory(retired_at=utcnow())
    subscription, _other_subscription, referral, _other_referral = _add(
        WebhookSubscription(
            clinic_id=clinic.id, url="https://127.0.0.1:9/hooks", events=["checkin.risk"], secret="s" * 40
        ),
        WebhookSubscription(
            clinic_id=other_clinic.id,
            url="https://127.0.0.1:9/other",
            events=["checkin.risk"],
            secret="t" * 40,
        ),
        _invitation(clinic.id),
        _invitation(other_clinic.id),
    )
    client_id = c["clinic"].client_row.client_id
    return {
        "clinic": clinic.id,
        "other_clinic_id": other_clinic.id,
        "client_row": c["clinic"].client_row.id,
        "other_client_row": c["other_clinic"].client_row.id,
        "client_id": client_id,
        "client_secret": CLIENT_SECRETS[client_id],
        "other_client_secret": CLIENT_SECRETS[c["other_clinic"].client_row.client_id],
        "consent": consent.id,
        "proposal": proposal.id,
        "patient": patient.id,
        "other_patient": other_patient.id,
        "revoked_patient": revoked_patient.id,
        "limited_patient": limited_patient.id,
        "expired_patient": expired_patient.id,
        "retired_clinic": retired_clinic.id,
        "subscription": subscription.id,
        "clinic_referral": referral.id,
    }


def _conversation_moderation(c: dict, groups: dict) -> dict:
    """(conv-mod) A held reply by my groupmate in my group, one in the private group, and my
    report about a published reply of hers."""
    group, hidden_group = Session.get(Group, groups["group"]), Session.get(Group, groups["hidden_group"])
    thread = ThreadFactory(group=group, author=c["facilitator"].member)
    held = PostFactory(thread=thread, author=c["groupmate"].member, status="held")
    reported = PostFactory(thread=thread, author=c["groupmate"].member)
    hidden_thread = ThreadFactory(group=hidden_group, author=c["other_facilitator"].member)
    hidden_held = PostFactory(thread=hidden_thread, author=c["other_facilitator"].member, status="held")
    (post_report,) = _add(
        Report(
            reporter_id=c["member"].member.id,
            subject_member_id=c["groupmate"].member.id,
            group_id=group.id,
            post_id=reported.id,
            category="harmful_advice",
            text="Told people to stop their medication.",
        )
    )
    return {"held_post": held.id, "hidden_held_post": hidden_held.id, "post_report": post_report.id}


def _conversations(c: dict, ids: dict) -> dict:
    """Group conversations (conv-core): my thread in my group and my groupmate's reply to it; my
    group's muted, pending and removed members; a thread in the private group."""
    group = Session.get(Group, uuid.UUID(str(ids["group"])))
    MembershipFactory(group=group, member=c["muted_member"].member, is_muted=True)
    MembershipFactory(group=group, member=c["pending_member"].member, status="pending")
    MembershipFactory(group=group, member=c["removed_member"].member, status="removed")
    title, body = _secret("Evenings are hard"), _secret("Same here")
    thread = ThreadFactory(group=group, author=c["member"].member, title=title)
    reply = PostFactory(thread=thread, author=c["groupmate"].member, body=body)
    hidden = Session.get(Group, uuid.UUID(str(ids["hidden_group"])))
    hidden_thread = ThreadFactory(group=hidden, author=c["other_facilitator"].member)
    hidden_post = PostFactory(thread=hidden_thread, author=c["other_facilitator"].member)
    return {
        "thread": thread.id,
        "thread_title": title,
        "reply": reply.id,
        "reply_body": body,
        "hidden_thread": hidden_thread.id,
        "hidden_post": hidden_post.id,
    }


@pytest.fixture
def world(app, as_member, as_clinic) -> World:
    callers = _people(app, as_member, as_clinic)
    ids = {**_groups(callers), **_coaching(callers), **_account(callers), **_clinics(callers)}
    ids.update(_conversations(callers, ids))
    ids.update(_conversation_moderation(callers, ids))
    ids.update(_coach_messages(callers, ids["relationship"]))
    ids.update(_live_tickets(app, callers, ids))  # live events
    people = {
        name: signed_in.member.id for name, signed_in in callers.items() if hasattr(signed_in, "member")
    }
    ids.update(
        me=people["member"],
        member_email=callers["member"].member.email,
        member_legal_name=callers["member"].member.legal_name,
        stranger_id=people["stranger"],
        groupmate_id=people["groupmate"],
        other_facilitator_id=people["other_facilitator"],
        facilitator_id=people["facilitator"],
        coach_id=people["coach"],
        other_coach_id=people["other_coach"],
        access_token=callers["member"].access_token,
        refresh_token=callers["member"].refresh_token,
        later=(utcnow() + dt.timedelta(days=10)).isoformat(),
        later_date=(utcnow() + dt.timedelta(days=10)).date().isoformat(),
    )
    Session.remove()
    return World(callers, {name: str(value) for name, value in ids.items()})


# --- the proof -----------------------------------------------------------------------------------


def _fill(value, ids: dict):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value


def _snapshot() -> dict[str, list[str]]:
    """Every row of every table: a refused call must leave all of them as they were."""
    state = {
        table.name: sorted(repr(tuple(row)) for row in Session.execute(select(table)))
        for table in Base.metadata.sorted_tables
    }
    Session.remove()
    return state


@contextmanager
def _rolled_back(app):
    """Run a rule inside a SAVEPOINT of the test's connection, and undo everything it did."""
    Session.remove()
    app.extensions["limiter"].reset()
    savepoint = Session.session_factory.kw["bind"].begin_nested()
    try:
        yield
    finally:
        Session.remove()
        savepoint.rollback()


def _audience_calls(rule: Rule) -> list[Call]:
    if rule.audience == VISITOR:
        return [
            refused("signed_out", 401, "the token of a sign-in that ended is not read as signed out"),
            refused("clinic", 403, "a clinic client's token only works on /clinic routes"),
        ]
    if rule.audience == MEMBER:
        return [
            refused("anonymous", 401, "no token"),
            refused("signed_out", 401, "the token of a sign-in that ended"),
            refused("clinic", 403, "a clinic client's token only works on /clinic routes"),
        ]
    if rule.audience == CLINIC:
        calls = [
            refused("anonymous", 401, "no token"),
            refused("revoked_clinic", 401, "the token of a client an admin revoked"),
            refused("member", 403, "a member's token does not work on /clinic routes"),
        ]
        if rule.scope:
            calls.append(refused(_token_without(rule.scope), 403, f"a clinic token without {rule.scope}"))
        return calls
    return []


class Prover:
    """Sends a rule's calls and collects what went wrong, per endpoint."""

    def __init__(self, app, world: World):
        self.world = world
        self.routes = app.url_map.bind("localhost")
        self.problems: list[str] = []
        self.state: dict | None = None  # the database before the next refused write

    def send(self, endpoint: str, method: str, rule: Rule, call: Call):
        url = _fill(call.url or rule.url, self.world.ids)
        body = _fill(call.body if call.body is not None else rule.body, self.world.ids)
        reached = self.routes.match(url.split("?")[0], method=method)[0]
        assert reached == endpoint, f"{method} {url} reaches {reached}, not {endpoint}: fix the rule"
        caller = self.world.callers[call.caller]
        kwargs = {} if body is None else {"data" if rule.form else "json": body}
        return caller.client.open(url, method=method, headers=caller.headers(), **kwargs)

    def check(self, endpoint: str, method: str, rule: Rule, call: Call) -> None:
        name = f"{endpoint} {method} as {call.caller}" + (f" ({call.why})" if call.why else "")
        response = self.send(endpoint, method, rule, call)
        text = response.get_data(as_text=True)
        if response.status_code != call.status:
            self.problems.append(f"{name}: {response.status_code}, expected {call.status}: {text[:200]}")
        leaked = [placeholder for placeholder in call.hides if self.world.ids[placeholder] in text]
        if leaked:
            self.problems.append(f"{name}: the response shows {leaked}")
        missing = [placeholder for placeholder in call.shows if self.world.ids[placeholder] not in text]
        if missing and 200 <= response.status_code < 300:
            self.problems.append(f"{name}: the response lacks {missing}")
        if self.state is not None and call.status >= 400:
            # A refused write changes nothing (compared table by table, every row).
            after = _snapshot()
            changed = sorted(table for table in after if after[table] != self.state[table])
            if changed and response.status_code == call.status:
                self.problems.append(f"{name}: refused, but changed {changed}")
            self.state = after

    def prove(self, endpoint: str, method: str, rule: Rule) -> None:
        # Refused reads are not compared, to keep the sweep fast; their status says enough.
        self.state = _snapshot() if method != "GET" else None
        for call in (*_audience_calls(rule), *rule.denied, *rule.signed_out):
            self.check(endpoint, method, rule, call)
        self.state = None
        self.check(endpoint, method, rule, rule.allowed)


def test_every_rule_holds(app, world):
    prover = Prover(app, world)
    for (endpoint, method), rule in sorted(RULES.items()):
        with _rolled_back(app):
            prover.prove(endpoint, method, rule)
    assert not prover.problems, f"{len(prover.problems)} problems:\n" + "\n".join(prover.problems)
