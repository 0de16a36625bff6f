"""A facilitator's path: create a group, schedule a weekly series, approve, take attendance, cancel."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from browser_support import call_api, phone_screenshot
from playwright.sync_api import Page, expect

LONDON = ZoneInfo("Europe/London")


def next_weekday(weekday: int, at_least_days: int = 3) -> dt.date:
    """The first date with that weekday (Monday 0) at least `at_least_days` from today in London."""
    day = dt.datetime.now(LONDON).date() + dt.timedelta(days=at_least_days)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def test_facilitator_creates_group_schedules_series_approves_marks_attendance_and_cancels(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    facilitator = make_account("Rowan", role="facilitator", trained=True)
    sign_in_as(facilitator)
    name = f"Tuesday {uuid.uuid4().hex[:6]} anxiety circle"

    # Create the group.
    page.goto("/groups")
    check_page(page)
    page.get_by_role("link", name="Start a group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a group")
    check_page(page)
    page.get_by_label("Group name").fill(name)
    page.get_by_label("Description").fill("A small online circle for people living with anxiety.")
    page.get_by_label("Anxiety").check()
    page.get_by_label("Wellbeing").check()
    page.get_by_label("Anyone can ask; a facilitator approves").check()
    page.get_by_label("Group guidelines").fill(
        "Be kind. What is shared here stays here. You can always pass."
    )
    page.get_by_role("button", name="Create the group").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="You facilitate this group")).to_be_visible()
    group_id = re.search(r"/groups/([0-9a-f-]{36})$", page.url).group(1)
    check_page(page)

    # Schedule a weekly series on Tuesdays at 19:00 London time.
    page.get_by_role("link", name="Schedule a session").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a session")
    expect(
        page.get_by_text(re.compile(r"Times are in the group's time zone: Europe / London"))
    ).to_be_visible()
    first = next_weekday(1)
    page.get_by_label("Title").fill("Tuesday circle")
    page.get_by_label("First date").fill(first.isoformat())
    page.get_by_label("Start time").fill("19:00")
    page.get_by_label("Every week").check()
    expect(page.get_by_role("checkbox", name="Tuesday")).to_be_checked()
    page.get_by_label("Number of sessions").fill("6")
    page.get_by_label("Places").fill("8")
    page.get_by_label("Online meeting link").fill("https://meet.example.org/tuesday-circle")
    page.get_by_label("Content notes").fill("panic attacks, health worries")
    expect(page.get_by_text("Every week on Tuesday, 6 sessions.")).to_be_visible()
    phone_screenshot(page, "schedule-form")
    check_page(page)
    page.get_by_role("button", name="Schedule the sessions").click()

    expect(page.get_by_role("status").filter(has_text="6 sessions are scheduled.")).to_be_visible()
    status, listing = call_api(
        base_url, "GET", f"/api/v1/groups/{group_id}/sessions?limit=20", token=facilitator.access_token
    )
    assert status == 200, listing
    sessions = listing["items"]
    assert len(sessions) == 6
    assert len({session["series_id"] for session in sessions}) == 1
    for index, session in enumerate(sessions):
        local = dt.datetime.fromisoformat(session["starts_at"]).astimezone(LONDON)
        assert (local.date(), local.time()) == (first + dt.timedelta(weeks=index), dt.time(19, 0)), session
        assert session["content_warnings"] == ["panic attacks", "health worries"]

    # Someone asks to join; the facilitator approves them.
    applicant = make_account("Sky")
    status, membership = call_api(
        base_url,
        "POST",
        f"/api/v1/groups/{group_id}/memberships",
        {"accepted_guidelines_version": 1},
        token=applicant.access_token,
    )
    assert (status, membership["status"]) == (201, "pending")
    page.get_by_role("link", name="Manage group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Manage {name}")
    requests = page.locator("#requests")
    expect(requests).to_contain_text("Sky")
    check_page(page)
    requests.get_by_role("button", name="Approve Sky").click()
    expect(requests.get_by_role("status")).to_have_text("Sky is now a member.")
    expect(requests).to_contain_text("No one is waiting right now.")
    expect(page.locator("#members")).to_contain_text("Sky")
    phone_screenshot(page, "manage-group")

    # Sky books the first session; the facilitator marks attendance.
    first_session = sessions[0]
    status, rsvp = call_api(
        base_url, "PUT", f"/api/v1/sessions/{first_session['id']}/rsvp", token=applicant.access_token
    )
    assert (status, rsvp["status"]) == (200, "confirmed"), rsvp
    page.goto(f"/sessions/{first_session['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuesday circle")
    attended = page.get_by_role("button", name="Attended (Sky)")
    attended.click()
    expect(attended).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".attendees")).to_contain_text("Sky: attended.")
    phone_screenshot(page, "session-attendees")
    check_page(page)

    # Cancel this one session (not the series).
    page.get_by_role("button", name="Cancel session…").click()
    dialog = page.get_by_role("dialog", name="Cancel this session?")
    expect(dialog.get_by_label("Only this one")).to_be_checked()
    phone_screenshot(page, "cancel-dialog")
    check_page(page)
    dialog.get_by_role("button", name="Cancel the session").click()

    expect(page.get_by_text("This session was cancelled.")).to_be_visible()
    check_page(page)
    status, listing = call_api(
        base_url, "GET", f"/api/v1/groups/{group_id}/sessions?limit=20", token=facilitator.access_token
    )
    assert [session["status"] for session in listing["items"]] == ["cancelled"] + ["scheduled"] * 5
    status, notes = call_api(
        base_url, "GET", "/api/v1/members/me/notifications", token=applicant.access_token
    )
    assert any(note["kind"] == "session_cancelled" for note in notes["items"]), notes


def test_facilitator_edits_the_whole_series(page: Page, base_url, make_account, sign_in_as):
    facilitator = make_account("Willow", role="facilitator")
    status, group = call_api(
        base_url,
        "POST",
        "/api/v1/groups",
        {
            "name": f"Series {uuid.uuid4().hex[:6]} circle",
            "description": "A weekly circle, edited all at once.",
            "topics": ["grief"],
            "format": "online",
            "region": "GB",
            "time_zone": "Europe/London",
            "guidelines": "Be gentle with each other and with yourself.",
        },
        token=facilitator.access_token,
    )
    assert status == 201, group
    first = next_weekday(2)
    starts = dt.datetime.combine(first, dt.time(18, 30), LONDON).isoformat()
    status, created = call_api(
        base_url,
        "POST",
        f"/api/v1/groups/{group['id']}/sessions",
        {"title": "Grief circle", "starts_at": starts, "capacity": 6, "rrule": "FREQ=WEEKLY;COUNT=4"},
        token=facilitator.access_token,
    )
    assert status == 201, created
    sign_in_as(facilitator)

    page.goto(f"/sessions/{created['items'][0]['id']}")
    page.get_by_role("link", name="Edit session").click()
    page.get_by_label("This and every later session in the series").check()
    page.get_by_label("Title").fill("Grief and loss circle")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Grief and loss circle")
    status, listing = call_api(
        base_url, "GET", f"/api/v1/groups/{group['id']}/sessions", token=facilitator.access_token
    )
    assert [session["title"] for session in listing["items"]] == ["Grief and loss circle"] * 4


def test_facilitator_creates_a_one_time_invitation_code(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    facilitator = make_account("Juniper", role="facilitator")
    status, group = call_api(
        base_url,
        "POST",
        "/api/v1/groups",
        {
            "name": f"Invite {uuid.uuid4().hex[:6]} circle",
            "description": "A closed circle for people who already know each other.",
            "topics": ["trauma"],
            "format": "online",
            "region": "GB",
            "time_zone": "Europe/London",
            "guidelines": "Everything shared here is held in confidence.",
            "join_policy": "invite",
        },
        token=facilitator.access_token,
    )
    assert status == 201, group
    sign_in_as(facilitator)
    page.goto(f"/groups/{group['id']}/manage")
    page.get_by_role("button", name="Create a code").click()
    code = page.locator(".secret__value code").inner_text()
    assert re.fullmatch(r"[0-9a-f]{6}-[0-9a-f]{6}-[0-9a-f]{6}", code), code
    check_page(page)

    guest = make_account("Poppy")
    sign_in_as(guest)
    page.goto(f"/groups/{group['id']}")
    page.get_by_role("button", name="Join this group…").click()
    page.get_by_label("Invitation code").fill(code)
    page.get_by_label("I have read and accept the guidelines").check()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_role("heading", name="You're a member")).to_be_visible()
