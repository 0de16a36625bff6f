"""Group conversations and coach messages, live, with two browsers open at once.

Each journey opens one browser context per person (their own tokens and their own live stream),
so what one of them does must reach the other's open page without a reload.
"""

import re
import uuid

import pytest
from browser_support import Account, call_api, phone_screenshot, put_tokens_in
from playwright.sync_api import Page, expect

LIVE = 2_000  # ms: the bar for a change to reach another open page
GUIDELINES = "Be kind. What is shared here stays here. You can always pass."


@pytest.fixture
def open_as(browser, base_url, browser_context_args):
    """A new browser context signed in as `account` (closed after the test)."""
    contexts = []

    def open_page(account: Account, viewport: dict | None = None) -> Page:
        context = browser.new_context(
            **{**browser_context_args, "base_url": base_url, **({"viewport": viewport} if viewport else {})}
        )
        contexts.append(context)
        return put_tokens_in(context.new_page(), account)

    yield open_page
    for context in contexts:
        context.close()


def api(base_url: str, account: Account, method: str, path: str, body: dict | None = None):
    return call_api(base_url, method, path, body, token=account.access_token)


def group_with_members(base_url: str, make_account, *names: str):
    """A facilitator's open group and members who joined it (guidelines accepted)."""
    facilitator = make_account("Fern", role="facilitator", trained=True)
    status, group = api(
        base_url,
        facilitator,
        "POST",
        "/api/v1/groups",
        {
            "name": f"Evening {uuid.uuid4().hex[:6]} circle",
            "description": "A gentle evening circle for anyone finding their way with alcohol.",
            "topics": ["alcohol"],
            "format": "online",
            "region": "GB",
            "time_zone": "Europe/London",
            "guidelines": GUIDELINES,
            "join_policy": "open",
        },
    )
    assert status == 201, group
    members = []
    for name in names:
        member = make_account(name)
        status, body = api(
            base_url,
            member,
            "POST",
            f"/api/v1/groups/{group['id']}/memberships",
            {"accepted_guidelines_version": group["guidelines_version"]},
        )
        assert status == 201, body
        members.append(member)
    return facilitator, group, members


def start_thread(base_url: str, author: Account, group_id: str, title: str, body: str) -> dict:
    status, thread = api(
        base_url, author, "POST", f"/api/v1/groups/{group_id}/threads", {"title": title, "body": body}
    )
    assert status == 201, thread
    return thread


def assert_fits(page: Page) -> None:
    """Nothing wider than the screen (no sideways scrolling)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def test_one_member_replies_and_another_sees_it_live(base_url, make_account, open_as, check_page):
    facilitator, group, (wren, ash) = group_with_members(base_url, make_account, "Wren", "Ash")
    thread = start_thread(base_url, facilitator, group["id"], "Welcome, say hello", "How was your week?")

    reader = open_as(ash, viewport={"width": 360, "height": 740})
    reader.goto(f"/groups/{group['id']}/conversation")
    expect(reader.get_by_role("heading", name=re.compile("Group guidelines"))).to_be_visible()
    expect(reader.get_by_role("link", name="Welcome, say hello")).to_be_visible()
    check_page(reader)
    assert_fits(reader)
    reader.get_by_role("link", name="Welcome, say hello").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Welcome, say hello")
    expect(reader.get_by_text("How was your week?")).to_be_visible()
    check_page(reader)
    assert_fits(reader)
    phone_screenshot(reader, "thread-page")

    writer = open_as(wren)
    writer.goto(f"/groups/{group['id']}/threads/{thread['id']}")
    expect(writer.get_by_text("How was your week?")).to_be_visible()
    writer.get_by_label("Your reply").fill("Slow, but I made it to Thursday's session.")
    writer.get_by_role("button", name="Post reply").click()
    expect(writer.get_by_text("Slow, but I made it to Thursday's session.")).to_be_visible()

    # The other browser: no reload, within two seconds, and said politely to screen readers.
    expect(reader.get_by_text("Slow, but I made it to Thursday's session.")).to_be_visible(timeout=LIVE)
    expect(reader.locator("[aria-live='polite']").filter(has_text="1 new reply")).to_have_count(1)

    # Supportive reactions only: a count, and my own state.
    reader.get_by_role("button", name=re.compile("^Me too")).last.click()
    expect(reader.get_by_role("button", name=re.compile("^Me too")).last).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(writer.get_by_role("button", name=re.compile(r"^Me too.*1")).last).to_be_visible(timeout=LIVE)


def test_a_post_with_crisis_language_is_published_with_crisis_lines_and_an_urgent_alert(
    base_url, make_account, open_as, check_page
):
    facilitator, group, (wren,) = group_with_members(base_url, make_account, "Wren")
    author = open_as(wren)
    author.goto(f"/groups/{group['id']}/conversation")
    author.get_by_role("button", name="Start a thread").click()
    author.get_by_label("Title").fill("A hard night")
    author.get_by_label("What would you like to share?").fill(
        "I want to end my life. I don't know who to tell."
    )
    author.get_by_role("button", name="Post thread").click()

    # At once, in place: crisis lines, focus on them; the post is published, not hidden.
    heading = author.get_by_role("heading", name="You don't have to carry this alone")
    expect(heading).to_be_visible()
    expect(heading).to_be_focused()
    expect(author.locator(".crisis-inline .crisis-line").first).to_be_visible()
    check_page(author)
    expect(author.get_by_role("link", name="A hard night")).to_be_visible()
    author.get_by_role("link", name="A hard night").click()
    expect(author.get_by_text("I want to end my life.")).to_be_visible()
    expect(author.get_by_role("link", name="Support is available")).to_be_visible()

    # The facilitator has an urgent notification, shown first and marked.
    status, notifications = api(base_url, facilitator, "GET", "/api/v1/members/me/notifications?limit=20")
    assert status == 200, notifications
    assert any(item["kind"] == "post_risk" and item["urgent"] for item in notifications["items"]), (
        notifications
    )
    facilitator_page = open_as(facilitator, viewport={"width": 360, "height": 740})
    facilitator_page.goto("/notifications")
    first = facilitator_page.locator(".notification").first
    expect(first.get_by_text("Urgent")).to_be_visible()
    # The header with the bell's unread count still fits a phone.
    expect(facilitator_page.locator(".notify-link .count")).to_be_visible()
    assert_fits(facilitator_page)
    check_page(facilitator_page)


def test_a_facilitator_hides_a_post_and_its_author_is_told_why(base_url, make_account, open_as, check_page):
    facilitator, group, (wren,) = group_with_members(base_url, make_account, "Wren")
    thread = start_thread(base_url, facilitator, group["id"], "Tips for the weekend", "What helps you?")
    status, post = api(
        base_url,
        wren,
        "POST",
        f"/api/v1/threads/{thread['id']}/posts",
        {"body": "Just double your dose, works for me."},
    )
    assert status == 201, post

    author = open_as(wren)
    author.goto(f"/groups/{group['id']}/threads/{thread['id']}")
    expect(author.get_by_text("Just double your dose, works for me.")).to_be_visible()

    moderator = open_as(facilitator)
    moderator.goto(f"/groups/{group['id']}/threads/{thread['id']}")
    reply = moderator.get_by_role("article", name=re.compile("Wren"))
    reply.get_by_role("button", name="Hide").click()
    reply.get_by_label("Why are you hiding it?").fill("Medication changes belong with a prescriber.")
    check_page(moderator)
    reply.get_by_role("button", name="Hide post").click()
    expect(moderator.get_by_text("The post is hidden. Its author was told why.")).to_be_visible()

    # The author's open page changes without a reload, with the reason and a way to appeal.
    expect(
        author.get_by_text("Hidden by a facilitator: Medication changes belong with a prescriber.")
    ).to_be_visible(timeout=LIVE)
    expect(author.get_by_role("link", name="See why, or appeal")).to_have_attribute(
        "href", "/account/notices"
    )


def coaching(base_url: str, make_account) -> tuple[Account, Account, str]:
    member = make_account("Robin")
    coach = make_account("Sam", role="coach")
    status, invitation = api(
        base_url, coach, "POST", "/api/v1/coaching-relationships", {"member_id": member.id}
    )
    assert status == 201, invitation
    status, accepted = api(
        base_url, member, "PATCH", f"/api/v1/coaching-relationships/{invitation['id']}", {"action": "accept"}
    )
    assert status == 200 and accepted["status"] == "active", accepted
    return member, coach, invitation["id"]


def test_a_coach_and_member_exchange_messages_live_until_the_coaching_ends(
    base_url, make_account, open_as, check_page
):
    member, coach, relationship_id = coaching(base_url, make_account)
    address = f"/coaching/relationships/{relationship_id}/messages"

    member_page = open_as(member, viewport={"width": 360, "height": 740})
    member_page.goto("/coaching")
    member_page.get_by_role("link", name="Messages with Sam").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Messages with Sam")
    check_page(member_page)
    assert_fits(member_page)

    coach_page = open_as(coach)
    coach_page.goto(address)
    expect(coach_page.get_by_role("heading", level=1)).to_have_text("Messages with Robin")

    member_page.get_by_label("Message Sam").fill("Hi Sam, the evenings are hard this week.")
    member_page.get_by_role("button", name="Send").click()
    expect(coach_page.get_by_text("Hi Sam, the evenings are hard this week.")).to_be_visible(timeout=LIVE)
    expect(coach_page.locator("[aria-live='polite']").filter(has_text="1 new message")).to_have_count(1)

    coach_page.get_by_label("Message Robin").fill("Thank you for telling me. Shall we talk tomorrow?")
    coach_page.get_by_role("button", name="Send").click()
    expect(member_page.get_by_text("Thank you for telling me. Shall we talk tomorrow?")).to_be_visible(
        timeout=LIVE
    )
    # The coach's message was read on the member's open page: the coach sees it marked.
    expect(coach_page.get_by_text("Read", exact=True).last).to_be_visible(timeout=5_000)
    check_page(coach_page)

    # The coaching ends: the member keeps the history, read-only; the former coach loses it.
    status, ended = api(
        base_url, member, "PATCH", f"/api/v1/coaching-relationships/{relationship_id}", {"action": "end"}
    )
    assert status == 200, ended
    member_page.reload()
    expect(member_page.get_by_text("This coaching has ended.")).to_be_visible()
    expect(member_page.get_by_text("Hi Sam, the evenings are hard this week.")).to_be_visible()
    expect(member_page.get_by_role("button", name="Send")).to_have_count(0)
    check_page(member_page)
    coach_page.reload()
    expect(coach_page.get_by_text("These messages are not available.")).to_be_visible()
