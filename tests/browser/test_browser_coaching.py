"""Recovery coaching: a member checks in (with the PHQ-9) and a coach works on the plan with them.

Needs the coaching routes (frontend/src/pages/coaching/routes.tsx) wired into App.tsx.
"""

import re

from browser_support import PASSWORD, call_api, phone_screenshot, record_csp_violations
from playwright.sync_api import Page, expect


def coached_member_with_plan(base_url, make_account, plan_status="active"):
    """A member and a coach working together (the coach invited, the member accepted), and the plan."""
    member = make_account("Robin")
    coach = make_account("Sam", role="coach")
    status, invitation = call_api(
        base_url, "POST", "/api/v1/coaching-relationships", {"member_id": member.id}, token=coach.access_token
    )
    assert status == 201, invitation
    status, accepted = call_api(
        base_url,
        "PATCH",
        f"/api/v1/coaching-relationships/{invitation['id']}",
        {"action": "accept"},
        token=member.access_token,
    )
    assert status == 200 and accepted["status"] == "active", accepted
    status, plan = call_api(
        base_url,
        "POST",
        "/api/v1/coaching-plans",
        {"title": "My first 90 days", "status": plan_status, "focus_areas": ["sleep"]},
        token=member.access_token,
    )
    assert status == 201, plan
    return member, coach, plan


def test_member_checks_in_with_phq9_and_sees_crisis_lines_first_then_scores(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    member, coach, plan = coached_member_with_plan(base_url, make_account)
    sign_in_as(member)

    # My plan: the coach, the plan, a way to check in.
    page.goto("/coaching")
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")
    expect(page.get_by_text("You're working with Sam")).to_be_visible()
    expect(page.get_by_role("heading", name="My first 90 days")).to_be_visible()
    phone_screenshot(page, "coaching-my-plan")
    check_page(page)
    page.get_by_role("link", name="Check in", exact=True).first.click()

    # Mood and cravings with the keyboard; a private note; "prefer not to say".
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in")
    mood = page.get_by_role("slider", name="Mood right now")
    expect(mood).to_have_value("5")
    mood.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(mood).to_have_value("3")
    expect(mood).to_have_attribute("aria-valuetext", "3 out of 10")
    craving = page.get_by_role("slider", name="Cravings right now")
    craving.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(craving).to_have_value("4")
    page.get_by_label("Anything you'd like to note?").fill("A hard evening after work.")
    expect(page.get_by_role("checkbox", name="Share this note with my coach")).not_to_be_checked()
    page.get_by_role("radio", name="I'd prefer not to say").check()
    phone_screenshot(page, "coaching-check-in")
    check_page(page)
    page.get_by_role("button", name="Continue").click()

    # The PHQ-9, one item per screen, item 9 answered above 0.
    expect(page.get_by_role("heading", name="Would you like to answer the PHQ-9?")).to_be_focused()
    check_page(page)
    page.get_by_role("button", name="Answer the PHQ-9").click()
    for item in range(1, 10):
        expect(page.get_by_text(f"PHQ-9: Question {item} of 9")).to_be_visible()
        if item == 1:
            expect(
                page.get_by_role("group", name="Little interest or pleasure in doing things")
            ).to_be_visible()
            check_page(page)
        page.get_by_role("radio", name="Not at all" if item in (3, 5, 7) else "Several days").check()
        if item == 9:
            expect(page.get_by_role("link", name=re.compile("call or text now"))).to_have_attribute(
                "href", "/help"
            )
            phone_screenshot(page, "coaching-phq9-item9")
            check_page(page)
        page.get_by_role("button", name="Finish" if item == 9 else "Next").click()

    expect(page.get_by_role("heading", name="Would you like to answer the GAD-7?")).to_be_visible()
    page.get_by_role("button", name="Skip this one").click()
    expect(page.get_by_role("heading", name="Would you like to answer the WHO-5?")).to_be_visible()
    page.get_by_role("button", name="I'm done: review and send").click()
    expect(page.get_by_role("heading", name="Ready to send")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Send my check-in").click()

    # Crisis lines first, kindly, with tel: links; then the calm summary with scores.
    support = page.get_by_role("heading", name="You don't have to go through this alone")
    expect(support).to_be_focused()
    samaritans = page.locator(".crisis-line", has_text="Samaritans")
    expect(samaritans.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    saved = page.get_by_role("heading", name="Your check-in is saved")
    expect(saved).to_be_visible()
    assert support.bounding_box()["y"] < saved.bounding_box()["y"], "crisis lines come before the summary"
    scores = page.get_by_role("table", name="Your questionnaire scores")
    expect(scores.get_by_role("row", name=re.compile(r"PHQ-9 6 \(0 to 27\) Mild"))).to_be_visible()
    phone_screenshot(page, "coaching-check-in-result")
    check_page(page)

    # Stored as sent: risk flagged, the note private from the coach.
    status, mine = call_api(
        base_url, "GET", f"/api/v1/coaching-plans/{plan['id']}/check-ins", token=member.access_token
    )
    assert status == 200, mine
    [check_in] = mine["items"]
    assert (check_in["mood"], check_in["craving"], check_in["risk_flag"]) == (3, 4, True)
    assert check_in["scores"]["phq9"] == {"total": 6, "band": "mild"}
    assert check_in["note"] == "A hard evening after work." and check_in["note_shared"] is False
    status, theirs = call_api(
        base_url, "GET", f"/api/v1/coaching-plans/{plan['id']}/check-ins", token=coach.access_token
    )
    assert status == 200 and theirs["items"][0]["note"] is None, theirs

    # Progress: trends in words, a chart, the same numbers as a table.
    page.get_by_role("link", name="See my progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    expect(
        page.get_by_text("Mood: not enough check-ins yet to compare with the 4 weeks before.")
    ).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Mood and cravings, weekly averages"))).to_be_visible()
    page.get_by_role("button", name="Show the numbers as a table").first.click()
    table = page.get_by_role("table", name="Mood and cravings: weekly averages")
    expect(table).to_be_visible()
    expect(table.get_by_role("row").nth(1)).to_contain_text("3")
    expect(page.get_by_role("img", name=re.compile("^Questionnaire scores, weekly averages"))).to_be_visible()
    phone_screenshot(page, "coaching-progress")
    check_page(page)


def test_coach_sees_risk_edits_plan_adds_goal_and_step_ticks_it_and_writes_a_note(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    member, coach, plan = coached_member_with_plan(base_url, make_account, plan_status="draft")
    status, check_in = call_api(
        base_url,
        "POST",
        f"/api/v1/coaching-plans/{plan['id']}/check-ins",
        {"mood": 2, "craving": 7, "feels_safe": False, "note": "Only for me.", "note_shared": False},
        token=member.access_token,
    )
    assert status == 201 and check_in["risk_flag"] is True, check_in
    newcomer = make_account("Kai")
    status, request = call_api(
        base_url,
        "POST",
        "/api/v1/coaching-relationships",
        {"coach_id": coach.id},
        token=newcomer.access_token,
    )
    assert status == 201, request

    # A coach's "Coaching" goes to the dashboard: the risk flag, and a request to answer.
    sign_in_as(coach)
    page.goto("/coaching")
    expect(page).to_have_url(re.compile(r"/coaching/coach$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your coaching dashboard")
    robin = page.locator(".member-row", has=page.get_by_role("heading", name="Robin"))
    expect(robin.get_by_text("May need support")).to_be_visible()
    expect(robin).to_contain_text("Last check-in:")
    expect(page.get_by_text("1 member may need support")).to_be_visible()
    phone_screenshot(page, "coaching-dashboard")
    check_page(page)
    page.get_by_role("button", name="Accept Kai's request").click()
    expect(page.get_by_role("status").filter(has_text="You're now Kai's coach.")).to_be_visible()
    expect(page.locator(".member-row", has=page.get_by_role("heading", name="Kai"))).to_be_visible()

    # Open Robin's plan: the risk note is there, the private check-in note is not.
    robin.get_by_role("link", name="Open plan: My first 90 days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My first 90 days")
    expect(page.get_by_text("Robin may need support.")).to_be_visible()
    expect(page.get_by_text("Mood 2 of 10 · Cravings 7 of 10 · Not feeling safe")).to_be_visible()
    expect(page.get_by_text("Only for me.")).to_have_count(0)
    check_page(page)

    # Edit the plan: status, review date, focus areas.
    page.get_by_role("button", name="Edit plan").click()
    page.get_by_label("Status").select_option("active")
    page.get_by_label("Review date").fill("2031-03-01")
    page.get_by_label("Focus areas").fill("sleep\nstaying connected")
    check_page(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("status").filter(has_text="The plan is saved.")).to_be_visible()
    overview = page.get_by_role("region", name="About this plan")
    expect(overview.get_by_text("Active", exact=True).first).to_be_visible()
    expect(overview.get_by_text("staying connected")).to_be_visible()
    expect(overview.get_by_text("Last changed by you")).to_be_visible()

    # Add a SMART goal.
    page.get_by_role("button", name="Add a goal").click()
    page.get_by_label("What will you do?").fill("Walk for 20 minutes three times a week")
    page.get_by_label("Why does it matter to you?").fill("It clears my head after work.")
    page.get_by_label("How will you know it's happening?").fill("Walks ticked off each week")
    page.get_by_label("By when?").fill("2031-01-31")
    page.get_by_label("Goal status").select_option("in_progress")
    page.get_by_label("How far along (percent)").fill("10")
    check_page(page)
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("status").filter(has_text="is added")).to_be_visible()
    goal = page.locator(
        ".goal", has=page.get_by_role("heading", name="Walk for 20 minutes three times a week")
    )
    expect(goal.get_by_text("In progress")).to_be_visible()
    expect(goal).to_contain_text("It clears my head after work.")

    # Add a step and tick it off.
    goal.get_by_label("New step").fill("Buy comfortable shoes")
    goal.get_by_role("button", name="Add step").click()
    step = goal.get_by_role("checkbox", name="Buy comfortable shoes")
    expect(step).not_to_be_checked()
    step.check()
    expect(step).to_be_checked()
    expect(goal.get_by_role("status").filter(has_text="is ticked off")).to_be_visible()
    expect(goal.get_by_text(re.compile("ticked by you"))).to_be_visible()

    # Write a session note.
    page.get_by_role("textbox", name="Session note").fill(
        "We talked about evenings; Robin will try the walking group."
    )
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_role("status").filter(has_text="Your note is saved.")).to_be_visible()
    expect(page.locator(".note", has_text="Robin will try the walking group")).to_be_visible()
    phone_screenshot(page, "coaching-plan-coach")
    check_page(page)

    # Everything reached the API, recorded as the coach's changes; the member can read the note.
    status, saved = call_api(
        base_url, "GET", f"/api/v1/coaching-plans/{plan['id']}", token=member.access_token
    )
    assert status == 200, saved
    assert saved["status"] == "active" and saved["review_date"] == "2031-03-01", saved
    assert saved["focus_areas"] == ["sleep", "staying connected"] and saved["updated_by"]["id"] == coach.id
    status, goals = call_api(
        base_url, "GET", f"/api/v1/coaching-plans/{plan['id']}/goals", token=member.access_token
    )
    [saved_goal] = goals["items"]
    assert (saved_goal["what"], saved_goal["status"], saved_goal["progress_percent"]) == (
        "Walk for 20 minutes three times a week",
        "in_progress",
        10,
    )
    status, steps = call_api(
        base_url,
        "GET",
        f"/api/v1/coaching-plans/{plan['id']}/goals/{saved_goal['id']}/steps",
        token=member.access_token,
    )
    [saved_step] = steps["items"]
    assert saved_step["done_at"] and saved_step["updated_by"]["id"] == coach.id, saved_step
    status, notes = call_api(
        base_url, "GET", f"/api/v1/coaching-plans/{plan['id']}/notes", token=member.access_token
    )
    assert [note["body"] for note in notes["items"]] == [
        "We talked about evenings; Robin will try the walking group."
    ]


def test_member_asks_a_coach_and_starts_a_plan(page: Page, base_url, make_account, sign_in_as, check_page):
    coach = make_account("Ash", role="coach")
    member = make_account("Jo")
    sign_in_as(member)

    page.goto("/coaching")
    expect(page.get_by_role("heading", name="Start your plan")).to_be_visible()
    check_page(page)
    page.get_by_role("radio", name=re.compile("^Ash")).check()
    page.get_by_role("button", name="Ask this coach").click()
    expect(page.get_by_role("status").filter(has_text="You've asked Ash.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my request")).to_be_visible()

    page.get_by_label("Plan title").fill("Steadier evenings")
    page.get_by_label("Focus areas").fill("evenings")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name="Steadier evenings")).to_be_visible()
    expect(page.get_by_role("link", name="Check in", exact=True)).to_be_visible()
    check_page(page)

    status, relationships = call_api(
        base_url, "GET", "/api/v1/coaching-relationships", token=coach.access_token
    )
    assert [(rel["member"]["id"], rel["status"]) for rel in relationships["items"]] == [
        (member.id, "requested")
    ]


def test_progress_charts_draw_under_the_content_security_policy(browser, base_url, make_account):
    member, _coach, plan = coached_member_with_plan(base_url, make_account)
    for mood, craving in [(4, 6), (6, 3)]:
        status, body = call_api(
            base_url,
            "POST",
            f"/api/v1/coaching-plans/{plan['id']}/check-ins",
            {
                "mood": mood,
                "craving": craving,
                "note_shared": False,
                "instruments": {"who5": [3, 3, 2, 3, 4]},
            },
            token=member.access_token,
        )
        assert status == 201, body
    context = browser.new_context(base_url=base_url)  # no bypass_csp here
    page = context.new_page()
    violations = record_csp_violations(page)
    try:
        status, tokens = call_api(
            base_url, "POST", "/api/v1/auth/login", {"email": member.email, "password": PASSWORD}
        )
        assert status == 200, tokens
        page.goto("/help")
        page.evaluate(
            """([access, refresh]) => {
                localStorage.setItem("peerway.access_token", access);
                localStorage.setItem("peerway.refresh_token", refresh);
            }""",
            [tokens["access_token"], tokens["refresh_token"]],
        )
        page.goto(f"/coaching/plans/{plan['id']}/progress")
        canvas = page.get_by_role("img", name=re.compile("^Mood and cravings, weekly averages"))
        expect(canvas).to_be_visible()
        # Chart.js has drawn: the canvas has pixels that are not transparent.
        page.wait_for_function(
            """() => {
                const canvas = document.querySelector("canvas");
                if (!canvas || !canvas.width) return false;
                const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
                return false;
            }"""
        )
        expect(page.get_by_role("img", name=re.compile("^Questionnaire scores"))).to_be_visible()
    finally:
        context.close()
    assert violations == []


def test_member_accepts_a_coachs_invitation(page: Page, base_url, make_account, sign_in_as, check_page):
    coach = make_account("Noor", role="coach")
    member = make_account("Ellis")
    status, invitation = call_api(
        base_url, "POST", "/api/v1/coaching-relationships", {"member_id": member.id}, token=coach.access_token
    )
    assert status == 201, invitation
    sign_in_as(member)

    page.goto("/coaching")
    expect(page.get_by_text("Noor has invited you to work together")).to_be_visible()
    expect(page.get_by_text(re.compile("Notes you write in a check-in stay private")).first).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_role("status").filter(has_text="You're now working with Noor.")).to_be_visible()
    expect(page.get_by_text("You're working with Noor")).to_be_visible()

    status, relationships = call_api(
        base_url, "GET", "/api/v1/coaching-relationships", token=member.access_token
    )
    assert [rel["status"] for rel in relationships["items"]] == ["active"]
