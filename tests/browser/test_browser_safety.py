"""Safety journeys: report a member, a facilitator mutes them, they read why and appeal once;
an admin decides the appeal and reads the audit log; a suspended member is told so calmly."""

import os
import re
import uuid
from pathlib import Path

from browser_support import PASSWORD, PHONE, Account, call_api, open_account_menu, phone_screenshot
from playwright.sync_api import Page, expect


def dialog_screenshot(page, name: str) -> None:
    """Like phone_screenshot, but of the screen as seen (a full-page shot cuts a modal dialog)."""
    folder = os.environ.get("PEERWAY_SCREENSHOTS")
    if not folder:
        return
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        page.wait_for_timeout(150)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
    finally:
        if size:
            page.set_viewport_size(size)


def create_group(base_url: str, facilitator: Account, name: str) -> dict:
    body = {
        "name": name,
        "description": "A calm online circle for people in early recovery.",
        "topics": ["addiction_recovery"],
        "format": "online",
        "region": "GB",
        "time_zone": "Europe/London",
        "guidelines": "Speak from your own experience. Let others finish. What is said here stays here.",
        "join_policy": "open",
    }
    status, group = call_api(base_url, "POST", "/api/v1/groups", body, token=facilitator.access_token)
    assert status == 201, group
    return group


def join(base_url: str, account: Account, group: dict) -> None:
    status, membership = call_api(
        base_url,
        "POST",
        f"/api/v1/groups/{group['id']}/memberships",
        {"accepted_guidelines_version": group["guidelines_version"]},
        token=account.access_token,
    )
    assert (status, membership["status"]) == (201, "active"), membership


def muted_member(base_url: str, make_account, suffix: str):
    """A group whose facilitator muted a member after another member's report (all via the API)."""
    facilitator = make_account(f"Rowan {suffix}", role="facilitator")
    reporter = make_account(f"Sky {suffix}")
    reported = make_account(f"Ash {suffix}")
    group = create_group(base_url, facilitator, f"Harbour {suffix} circle")
    join(base_url, reporter, group)
    join(base_url, reported, group)
    status, receipt = call_api(
        base_url,
        "POST",
        "/api/v1/reports",
        {
            "category": "dominating",
            "text": "Kept talking over newcomers all evening.",
            "subject_member_id": reported.id,
            "group_id": group["id"],
        },
        token=reporter.access_token,
    )
    assert status == 201, receipt
    status, decided = call_api(
        base_url,
        "PATCH",
        f"/api/v1/reports/{receipt['id']}",
        {"action": "mute", "reason": "Please let others finish; muted for a week.", "mute_days": 7},
        token=facilitator.access_token,
    )
    assert status == 200, decided
    return facilitator, reporter, reported, group


def test_member_reports_facilitator_mutes_and_the_member_appeals_once(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    suffix = uuid.uuid4().hex[:4]
    facilitator = make_account(f"Rowan {suffix}", role="facilitator")
    reporter = make_account(f"Sky {suffix}")
    reported = make_account(f"Ash {suffix}")
    group = create_group(base_url, facilitator, f"Lantern {suffix} circle")
    join(base_url, reporter, group)
    join(base_url, reported, group)

    # Sky reports Ash from the group page.
    sign_in_as(reporter)
    page.goto(f"/groups/{group['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(group["name"])
    check_page(page)
    page.get_by_role("button", name="Report a member").click()
    dialog = page.get_by_role("dialog", name="Report a member")
    expect(dialog).to_contain_text("will not see who reported them")
    dialog.get_by_label("Who is it about?").select_option(label=reported.display_name)
    dialog.get_by_role("radio", name="Not letting others share").check()
    text = dialog.get_by_label("What happened?")
    text.fill("Rude")
    dialog.get_by_role("button", name="Send report").click()
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(dialog).to_contain_text("at least 10 characters (6 to go)")
    text.fill("Kept talking over newcomers and told one to just get over it.")
    dialog_screenshot(page, "report-dialog")
    check_page(page)
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_have_text("Thank you. Your report was sent.")
    check_page(page)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Report a member")).to_be_focused()

    # The facilitator opens the queue from the header and mutes Ash for 7 days, with a reason.
    sign_in_as(facilitator)
    page.goto("/")
    open_account_menu(page).get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    report = page.locator("li.report").filter(has_text="told one to just get over it")
    expect(report.get_by_role("heading", level=3)).to_have_text(
        f"Not letting others share · about {reported.display_name}"
    )
    expect(report.get_by_role("link", name=group["name"])).to_have_attribute("href", f"/groups/{group['id']}")
    expect(report.get_by_role("radio", name=re.compile("Suspend"))).to_have_count(0)
    check_page(page)
    report.get_by_role("radio", name="Mute in this group").check()
    report.get_by_label("For how many days?").fill("7")
    reason = "Please let newcomers finish before you reply. You are muted in this group for a week."
    report.get_by_label("Reason").fill(reason)
    phone_screenshot(page, "moderation-queue")
    report.get_by_role("button", name="Review decision…").click()
    confirm = page.get_by_role("dialog", name="Check your decision")
    expect(confirm).to_contain_text(f"{reported.display_name} will be muted in this group for 7 days.")
    expect(confirm).to_contain_text(reason)
    dialog_screenshot(page, "moderation-confirm")
    check_page(page)
    confirm.get_by_role("button", name="Mute them").click()
    expect(page.get_by_role("status").filter(has_text="Done:")).to_have_text(
        f"Done: {reported.display_name} is muted in the group for 7 days."
    )
    expect(page.locator("li.report").filter(has_text="told one to just get over it")).to_have_count(0)
    page.get_by_role("link", name="Acted on").click()
    expect(page.locator("li.report").filter(has_text="told one to just get over it")).to_contain_text(reason)
    check_page(page)

    # Ash reads the notice, with the reason and nothing about who reported, and appeals once.
    sign_in_as(reported)
    page.goto("/account/notices")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your notices")
    notice = page.locator("li.notice").filter(has_text="You were muted in a group")
    expect(notice).to_contain_text(reason)
    expect(notice.get_by_role("link", name=group["name"])).to_be_visible()
    main = page.locator("main")
    expect(main).not_to_contain_text(reporter.display_name)
    expect(main).not_to_contain_text("told one to just get over it")
    check_page(page)
    appeal = notice.get_by_role("form", name="Appeal this decision")
    appeal.get_by_label("Your appeal").fill(
        "I did not realise I was talking over people. I am sorry and will listen."
    )
    appeal.get_by_role("button", name="Send appeal").click()
    sent = notice.get_by_role("form", name="Your appeal")
    expect(sent.get_by_role("status")).to_contain_text("Your appeal was sent.")
    expect(sent.get_by_role("button", name="Appeal sent")).to_be_disabled()
    expect(sent).to_contain_text("Each decision can be appealed once")
    phone_screenshot(page, "notices")
    check_page(page)
    page.reload()
    expect(notice.get_by_text("Your appeal is waiting for a decision")).to_be_visible()
    expect(notice.get_by_role("button", name="Send appeal")).to_have_count(0)
    check_page(page)

    # Nothing Ash can read names the reporter; a second appeal is refused.
    status, notices = call_api(base_url, "GET", "/api/v1/members/me/moderation", token=reported.access_token)
    assert status == 200 and len(notices["items"]) == 1, notices
    assert reporter.id not in str(notices) and reporter.display_name not in str(notices)
    status, _ = call_api(
        base_url,
        "POST",
        f"/api/v1/moderation-actions/{notices['items'][0]['id']}/appeal",
        {"text": "And once more, please reconsider."},
        token=reported.access_token,
    )
    assert status == 409

    # Ash's access log: no one has looked at anything private.
    page.goto("/account/access-log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen your private information")
    expect(page.get_by_text("only you see them, unless you have a coach")).to_be_visible()
    check_page(page)


def test_member_reports_a_concern_about_a_session(page: Page, base_url, make_account, sign_in_as, check_page):
    suffix = uuid.uuid4().hex[:4]
    facilitator = make_account(f"Rowan {suffix}", role="facilitator")
    member = make_account(f"Fern {suffix}")
    group = create_group(base_url, facilitator, f"Evening {suffix} circle")
    join(base_url, member, group)
    status, created = call_api(
        base_url,
        "POST",
        f"/api/v1/groups/{group['id']}/sessions",
        {
            "title": "Evening circle",
            "starts_at": "2030-01-08T19:00:00+00:00",
            "duration_minutes": 60,
            "capacity": 8,
        },
        token=facilitator.access_token,
    )
    assert status == 201, created
    session = created["items"][0]

    sign_in_as(member)
    page.goto(f"/sessions/{session['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evening circle")
    page.get_by_role("button", name="Report a concern about this session").click()
    dialog = page.get_by_role("dialog", name="Report a concern")
    expect(dialog.get_by_label("Who is it about?")).to_have_value("")
    dialog.get_by_role("radio", name="Upsetting detail without warning").check()
    dialog.get_by_label("What happened?").fill("The reading had graphic detail with no content note.")
    dialog.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_have_text("Thank you. Your report was sent.")
    check_page(page)

    status, queue = call_api(base_url, "GET", "/api/v1/reports", token=facilitator.access_token)
    assert status == 200, queue
    mine = [item for item in queue["items"] if item["session_id"] == session["id"]]
    assert (
        len(mine) == 1 and mine[0]["category"] == "triggering_content" and mine[0]["subject"] in (None, {})
    ), mine


def test_admin_decides_an_appeal_and_searches_the_audit_log(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    suffix = uuid.uuid4().hex[:4]
    _facilitator, _reporter, reported, group = muted_member(base_url, make_account, suffix)
    status, notices = call_api(base_url, "GET", "/api/v1/members/me/moderation", token=reported.access_token)
    action = notices["items"][0]
    status, _ = call_api(
        base_url,
        "POST",
        f"/api/v1/moderation-actions/{action['id']}/appeal",
        {"text": f"Appeal {suffix}: I was interrupted first and answered back."},
        token=reported.access_token,
    )
    assert status == 200
    admin = make_account(f"Alder {suffix}", role="admin")

    sign_in_as(admin)
    page.goto("/moderation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Appeals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appeals")
    card = page.locator("li.report").filter(has_text=f"Appeal {suffix}")
    expect(card).to_contain_text("Please let others finish; muted for a week.")
    phone_screenshot(page, "appeals")
    check_page(page)
    card.get_by_role("radio", name=re.compile("^Overturn")).check()
    card.get_by_label("Note to the member (optional)").fill("Thank you for explaining. The mute is lifted.")
    card.get_by_role("button", name="Review decision…").click()
    confirm = page.get_by_role("dialog", name="Overturn this decision?")
    check_page(page)
    confirm.get_by_role("button", name="Overturn it").click()
    expect(page.get_by_role("status").filter(has_text="Done:")).to_have_text(
        "Done: the appeal is accepted and the action undone."
    )
    status, members = call_api(
        base_url, "GET", f"/api/v1/groups/{group['id']}/members", token=reported.access_token
    )
    assert [m["is_muted"] for m in members["items"] if m["member"]["id"] == reported.id] == [False]

    # The audit log, filtered to this member.
    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    page.get_by_label("Target id").fill(reported.id)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(rf"target_id={reported.id}"))
    entries = page.locator("li.audit-entry")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Member muted")
    phone_screenshot(page, "audit-log")
    check_page(page)
    page.get_by_label("Done by (member id)").fill("not-an-id")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label("Done by (member id)")).to_have_attribute("aria-invalid", "true")


def test_suspended_member_is_told_calmly_and_can_read_their_notices(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    suffix = uuid.uuid4().hex[:4]
    admin = make_account(f"Alder {suffix}", role="admin")
    reporter = make_account(f"Sky {suffix}")
    reported = make_account(f"Ash {suffix}")
    status, receipt = call_api(
        base_url,
        "POST",
        "/api/v1/reports",
        {"category": "spam", "text": "Sends everyone links to a shop.", "subject_member_id": reported.id},
        token=reporter.access_token,
    )
    assert status == 201, receipt
    status, _ = call_api(
        base_url,
        "PATCH",
        f"/api/v1/reports/{receipt['id']}",
        {"action": "ban", "reason": "Selling to members is not allowed here.", "mute_days": 7},
        token=admin.access_token,
    )
    assert status == 200
    # Suspension signs them out everywhere; they can still sign in.
    status, tokens = call_api(
        base_url, "POST", "/api/v1/auth/login", {"email": reported.email, "password": PASSWORD}
    )
    assert status == 200, tokens
    suspended = Account(
        reported.email, reported.display_name, reported.id, tokens["access_token"], tokens["refresh_token"]
    )

    sign_in_as(suspended)
    page.goto("/groups")
    banner = page.get_by_role("note", name="Account status")
    expect(banner).to_contain_text("Your account is suspended.")
    check_page(page)
    banner.get_by_role("link", name="See your notices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your notices")
    expect(page.get_by_role("heading", name="Your account is suspended", level=2)).to_be_visible()
    expect(page.locator("li.notice")).to_contain_text("Selling to members is not allowed here.")
    expect(page.locator("main")).not_to_contain_text(reporter.display_name)
    phone_screenshot(page, "notices-suspended")
    check_page(page)
