"""A visitor's path: look around signed out, then sign up from a group page, come back, and join."""

import uuid

from browser_support import PASSWORD, call_api, new_email, phone_screenshot
from playwright.sync_api import Page, expect
from test_browser_groups import create_group, schedule

ONLINE_URL = "https://meet.example.org/peerway-visitors-never-see-this"
ROOM = "Upstairs room, ring the green bell"
ADDRESS = "St Anne's Hall, 7 Quiet Lane, London"


def test_visitor_looks_around_signs_up_from_a_group_and_joins(page: Page, base_url, make_account, check_page):
    facilitator = make_account("Fern", role="facilitator", trained=True)
    word = f"harbour{uuid.uuid4().hex[:6]}"
    group = create_group(
        base_url,
        facilitator,
        f"Harbour {word} circle",
        format="hybrid",
        area="Camden, London",
        address=ADDRESS,
    )
    [session] = schedule(base_url, facilitator, group["id"], online_url=ONLINE_URL, location=ROOM)
    private = create_group(base_url, facilitator, f"Private {word} circle", visibility="private")

    # Signed out: the groups list shows public groups only.
    page.goto(f"/groups?q={word}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups")
    results = page.locator(".listing")
    expect(results).to_have_count(1)
    expect(page.get_by_text(private["name"])).to_have_count(0)
    phone_screenshot(page, "visitor-groups")
    check_page(page)
    results.get_by_role("link", name=group["name"]).click()

    # The group page: what it is about, the area, its guidelines and sessions, and a call to action.
    expect(page.get_by_role("heading", level=1)).to_have_text(group["name"])
    expect(page.get_by_role("heading", name="Join this group — sign up or sign in")).to_be_visible()
    expect(page.get_by_text("What is said here stays here.")).to_be_visible()
    expect(page.get_by_text("Camden, London").first).to_be_visible()
    expect(page.get_by_text(ADDRESS)).to_have_count(0)
    phone_screenshot(page, "visitor-group")
    check_page(page)

    # A session: when and where (the area), no link, no room, and a call to book.
    page.get_by_role("link", name="Sharing circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing circle")
    expect(page.get_by_role("heading", name="Book a place — sign up or sign in")).to_be_visible()
    content = page.content()
    assert ONLINE_URL not in content and ROOM not in content and ADDRESS not in content
    phone_screenshot(page, "visitor-session")
    check_page(page)

    # Back to the group, and sign up from its call to action.
    page.get_by_role("link", name=group["name"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(group["name"])
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    check_page(page)
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Display name").fill("Robin")
    page.get_by_role("button", name="Create account").click()

    # Back on the group page, signed in: now joining is possible.
    expect(page).to_have_url(f"{base_url}/groups/{group['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(group["name"])
    expect(page.get_by_role("status").filter(has_text="Welcome to Peerway")).to_be_visible()
    page.get_by_role("button", name="Join this group…").click()
    page.get_by_label("I have read and accept the guidelines").check()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_role("heading", name="You're a member")).to_be_visible()
    expect(page.get_by_text(ADDRESS)).to_be_visible()  # the address is for members
    check_page(page)

    # The online link is for members with a place: still hidden until booked.
    page.get_by_role("link", name="Sharing circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing circle")
    expect(page.get_by_role("heading", name="Book a place — sign up or sign in")).to_have_count(0)
    assert ONLINE_URL not in page.content()
    status, answer = call_api(base_url, "GET", f"/api/v1/sessions/{session['id']}")
    assert status == 200 and answer["online_url"] is None  # and signed out, never
