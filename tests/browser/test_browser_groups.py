"""A member's path: find a group, join it, wait for a place, and get one when someone cancels."""

import datetime as dt
import re
import uuid

from browser_support import Account, call_api, phone_screenshot, record_csp_violations
from playwright.sync_api import Page, expect

GUIDELINES = (
    "What is said here stays here.\n\n"
    "Speak from your own experience, and listen without fixing.\n\n"
    "You can pass at any time."
)


def create_group(base_url: str, facilitator: Account, name: str, **overrides) -> dict:
    body = {
        "name": name,
        "description": "A gentle evening circle for anyone finding their way with alcohol.",
        "topics": ["alcohol", "addiction_recovery"],
        "format": "online",
        "region": "GB",
        "time_zone": "Europe/London",
        "guidelines": GUIDELINES,
        "join_policy": "open",
        **overrides,
    }
    status, group = call_api(base_url, "POST", "/api/v1/groups", body, token=facilitator.access_token)
    assert status == 201, group
    return group


def schedule(base_url: str, facilitator: Account, group_id: str, **fields) -> list[dict]:
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    body = {
        "title": "Sharing circle",
        "starts_at": starts.isoformat(),
        "duration_minutes": 60,
        "capacity": 8,
        **fields,
    }
    status, page = call_api(
        base_url, "POST", f"/api/v1/groups/{group_id}/sessions", body, token=facilitator.access_token
    )
    assert status == 201, page
    return page["items"]


def join(base_url: str, account: Account, group: dict) -> dict:
    status, membership = call_api(
        base_url,
        "POST",
        f"/api/v1/groups/{group['id']}/memberships",
        {"accepted_guidelines_version": group["guidelines_version"]},
        token=account.access_token,
    )
    assert status == 201, membership
    return membership


def test_member_joins_a_group_and_gets_a_place_from_the_waitlist(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    facilitator = make_account("Fern", role="facilitator", trained=True)
    word = f"lantern{uuid.uuid4().hex[:6]}"
    group = create_group(base_url, facilitator, f"Evening {word} circle")
    [session] = schedule(
        base_url,
        facilitator,
        group["id"],
        capacity=1,
        online_url="https://meet.example.org/peerway-evening",
        content_warnings=["relapse", "grief"],
    )
    holder = make_account("Hazel")
    join(base_url, holder, group)
    status, rsvp = call_api(
        base_url, "PUT", f"/api/v1/sessions/{session['id']}/rsvp", token=holder.access_token
    )
    assert (status, rsvp["status"]) == (200, "confirmed")

    member = make_account("Wren")
    sign_in_as(member)

    # Find the group by searching.
    page.goto("/groups")
    check_page(page)
    page.get_by_label("Search groups").fill(word)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/groups\?q={word}$"))
    results = page.locator(".listing")
    expect(results).to_have_count(1)
    phone_screenshot(page, "groups-search")
    check_page(page)
    results.get_by_role("link", name=group["name"]).click()

    # Read it, then join, accepting the guidelines.
    expect(page.get_by_role("heading", level=1)).to_have_text(group["name"])
    expect(page.get_by_text("Trained facilitator")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Join this group…").click()
    expect(page.get_by_text("Speak from your own experience")).to_be_visible()
    join_button = page.get_by_role("button", name="Join the group")
    expect(join_button).to_be_disabled()
    phone_screenshot(page, "group-join")
    page.get_by_label("I have read and accept the guidelines").check()
    join_button.click()
    expect(page.get_by_role("heading", name="You're a member")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Welcome to")).to_be_visible()
    phone_screenshot(page, "group-page")
    check_page(page)

    # The session: content notes come before the details; it is full, so the waitlist.
    page.get_by_role("link", name="Sharing circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing circle")
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Before you read on") < headings.index("When and where"), headings
    expect(page.locator(".content-notes")).to_contain_text("relapse")
    expect(page.get_by_role("link", name=re.compile("Join online"))).to_have_count(0)
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_text("Waitlisted, position 1")).to_be_visible()
    check_page(page)

    # The other person cancels; the place passes to the member, who is told.
    status, _ = call_api(
        base_url, "DELETE", f"/api/v1/sessions/{session['id']}/rsvp", token=holder.access_token
    )
    assert status == 204
    page.reload()
    notifications = page.get_by_role("link", name=re.compile(r"^Notifications\s*1\s*unread$"))
    expect(notifications).to_be_visible()
    notifications.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    phone_screenshot(page, "notifications")
    check_page(page)
    page.get_by_role("link", name="You have a place: Sharing circle").click()

    expect(page).to_have_url(re.compile(rf"/sessions/{session['id']}$"))
    expect(page.get_by_role("heading", name="Your place is confirmed")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Join online"))).to_have_attribute(
        "href", "https://meet.example.org/peerway-evening"
    )
    expect(page.get_by_role("link", name=re.compile(r"^Notifications$"))).to_be_visible()  # read now
    phone_screenshot(page, "session-page")
    check_page(page)


def test_member_downloads_a_session_calendar_file(page: Page, base_url, make_account, sign_in_as):
    facilitator = make_account("Birch", role="facilitator")
    group = create_group(base_url, facilitator, f"Calendar {uuid.uuid4().hex[:6]} circle")
    [session] = schedule(base_url, facilitator, group["id"])
    member = make_account("Ash")
    join(base_url, member, group)
    sign_in_as(member)

    page.goto(f"/sessions/{session['id']}")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download calendar file").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    assert "BEGIN:VCALENDAR" in open(download.path(), encoding="utf-8").read()


def test_member_accepts_changed_guidelines_before_booking(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    facilitator = make_account("Alder", role="facilitator")
    group = create_group(base_url, facilitator, f"Guided {uuid.uuid4().hex[:6]} circle")
    [session] = schedule(base_url, facilitator, group["id"])
    member = make_account("Linden")
    join(base_url, member, group)
    status, _ = call_api(
        base_url,
        "PUT",
        f"/api/v1/groups/{group['id']}/guidelines",
        {"text": GUIDELINES + "\n\nPhones on silent, please."},
        token=facilitator.access_token,
    )
    assert status == 200
    sign_in_as(member)

    page.goto(f"/sessions/{session['id']}")
    expect(page.get_by_role("heading", name=re.compile("has updated its guidelines"))).to_be_visible()
    expect(page.get_by_text("Phones on silent, please.")).to_be_visible()
    check_page(page)
    page.get_by_label(re.compile("I have read and accept the guidelines")).check()
    page.get_by_role("button", name="Accept the new guidelines").click()

    expect(page.get_by_role("heading", name="Your place is confirmed")).to_be_visible()


def test_member_sees_pending_request_and_can_withdraw_it(page: Page, base_url, make_account, sign_in_as):
    facilitator = make_account("Elm", role="facilitator")
    group = create_group(
        base_url, facilitator, f"Approval {uuid.uuid4().hex[:6]} circle", join_policy="approval"
    )
    member = make_account("Rowan")
    sign_in_as(member)

    page.goto(f"/groups/{group['id']}")
    page.get_by_role("button", name="Ask to join…").click()
    page.get_by_label("I have read and accept the guidelines").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="Your request is with the facilitators")).to_be_visible()

    page.get_by_role("button", name="Withdraw my request").click()
    page.get_by_role("dialog").get_by_role("button", name="Withdraw request").click()
    expect(page.get_by_role("heading", name="Ask to join")).to_be_visible()


def test_member_sees_upcoming_and_past_sessions_and_makes_a_calendar_link(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    facilitator = make_account("Hawthorn", role="facilitator")
    group = create_group(base_url, facilitator, f"Bookings {uuid.uuid4().hex[:6]} circle")
    [session] = schedule(base_url, facilitator, group["id"], title="Morning check-in")
    member = make_account("Sorrel")
    join(base_url, member, group)
    assert (
        call_api(base_url, "PUT", f"/api/v1/sessions/{session['id']}/rsvp", token=member.access_token)[0]
        == 200
    )
    sign_in_as(member)

    page.goto("/sessions")
    expect(page.get_by_role("link", name="Morning check-in")).to_be_visible()
    expect(page.locator(".session-item", has_text="Morning check-in")).to_contain_text("You have a place")
    phone_screenshot(page, "sessions-list")
    check_page(page)

    page.goto("/my/sessions")
    expect(page.get_by_role("link", name="Morning check-in")).to_be_visible()
    expect(page.get_by_text("Place confirmed")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Past").click()
    expect(page).to_have_url(re.compile(r"/my/sessions\?when=past$"))
    expect(page.get_by_text("Nothing here yet.")).to_be_visible()

    page.get_by_role("button", name="Create a calendar link").click()
    feed_url = page.get_by_label("Your calendar link (shown only now):").input_value()
    assert "/api/v1/members/me/calendar.ics?token=" in feed_url
    expect(page.get_by_text("Anyone with this link can see your bookings")).to_be_visible()
    phone_screenshot(page, "my-sessions")
    check_page(page)
    page.get_by_role("button", name="Switch off my calendar link").click()
    page.get_by_role("dialog").get_by_role("button", name="Switch it off").click()
    expect(page.get_by_role("status").filter(has_text="switched off")).to_be_visible()
    path = feed_url.split("://", 1)[1].split("/", 1)[1]
    assert call_api(base_url, "GET", "/" + path)[0] == 404


def test_visitor_browses_groups_but_signs_in_for_their_own_pages(page: Page, check_page):
    # Public groups and sessions are open to visitors (tests/browser/test_browser_visitors.py);
    # an unknown or private session is simply not found, and "my" pages still need sign-in.
    page.goto("/groups")
    expect(page.get_by_role("link", name="Create an account").first).to_be_visible()
    check_page(page)
    page.goto("/sessions/00000000-0000-4000-8000-000000000000")
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn't find that session")
    page.goto("/my/sessions")
    expect(page).to_have_url("/sign-in")


def test_member_checks_in_when_the_session_is_about_to_start(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    facilitator = make_account("Oak", role="facilitator")
    group = create_group(base_url, facilitator, f"Now {uuid.uuid4().hex[:6]} circle")
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).replace(microsecond=0)
    [session] = schedule(
        base_url,
        facilitator,
        group["id"],
        starts_at=soon.isoformat(),
        online_url="https://meet.example.org/now",
    )
    member = make_account("Yarrow")
    join(base_url, member, group)
    sign_in_as(member)

    page.goto(f"/sessions/{session['id']}")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", name="Your place is confirmed")).to_be_visible()
    page.get_by_role("button", name="I'm here: check in").click()

    expect(page.get_by_text("You're checked in.", exact=True)).to_be_visible()
    check_page(page)
    status, listing = call_api(
        base_url, "GET", f"/api/v1/sessions/{session['id']}/attendees", token=facilitator.access_token
    )
    assert [(a["member"]["display_name"], a["attendance"]) for a in listing["items"]] == [
        ("Yarrow", "attended")
    ]


def test_group_and_session_pages_run_under_the_content_security_policy(browser, base_url, make_account):
    facilitator = make_account("Cedar", role="facilitator")
    group = create_group(base_url, facilitator, f"Strict {uuid.uuid4().hex[:6]} circle")
    session, _later = schedule(
        base_url, facilitator, group["id"], content_warnings=["loss"], rrule="FREQ=WEEKLY;COUNT=2"
    )
    context = browser.new_context(base_url=base_url)  # no bypass_csp here
    page = context.new_page()
    violations = record_csp_violations(page)
    try:
        page.goto("/help")
        page.evaluate(
            """([access, refresh]) => {
                localStorage.setItem("peerway.access_token", access);
                localStorage.setItem("peerway.refresh_token", refresh);
            }""",
            [facilitator.access_token, facilitator.refresh_token],
        )
        for path in [
            f"/groups/{group['id']}",
            f"/groups/{group['id']}/schedule",
            f"/sessions/{session['id']}",
        ]:
            page.goto(path)
            expect(page.locator("main h1")).to_be_visible()
            expect(page.locator("main .card").first).to_be_visible()
        page.get_by_role("button", name="Cancel session…").click()
        expect(page.get_by_role("dialog")).to_be_visible()
    finally:
        context.close()
    assert violations == []
