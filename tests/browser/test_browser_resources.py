"""The resource directory: a member finds a service and saves it; a referral from suggestion to connected."""

import datetime as dt
import re
import uuid

from browser_support import Account, call_api, phone_screenshot
from playwright.sync_api import Page, expect


def create_resource(base_url: str, curator: Account, name: str, **overrides) -> dict:
    body = {
        "name": name,
        "kind": "helpline",
        "description": "Free, confidential support for anyone affected by gambling, day or night.",
        "phone": "0808 8020 133",
        "sms": "85258",
        "url": "https://www.example.org/gambling-help",
        "email": "help@example.org",
        "is_online": True,
        "region": "GB",
        "hours": "Any time, day or night",
        "is_24_7": True,
        "cost": "free",
        "languages": ["en", "cy"],
        "eligibility": "Anyone aged 16 or over.",
        "tags": ["gambling", "family"],
        "source_url": "https://www.example.org/about",
        **overrides,
    }
    status, resource = call_api(base_url, "POST", "/api/v1/resources", body, token=curator.access_token)
    assert status == 201, resource
    return resource


def verify(base_url: str, curator: Account, resource_id: str) -> None:
    status, resource = call_api(
        base_url, "POST", f"/api/v1/resources/{resource_id}/verification", token=curator.access_token
    )
    assert status == 200, resource


def coach_member(base_url: str, coach: Account, member: Account) -> None:
    """An active coaching relationship: the coach invites, the member accepts."""
    status, invitation = call_api(
        base_url, "POST", "/api/v1/coaching-relationships", {"member_id": member.id}, token=coach.access_token
    )
    assert status == 201, invitation
    status, relationship = call_api(
        base_url,
        "PATCH",
        f"/api/v1/coaching-relationships/{invitation['id']}",
        {"action": "accept"},
        token=member.access_token,
    )
    assert (status, relationship["status"]) == (200, "active"), relationship


def test_member_finds_a_resource_saves_it_and_finds_it_under_saved(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    coach = make_account("Sage", role="coach")
    word = f"harbour{uuid.uuid4().hex[:6]}"
    resource = create_resource(base_url, coach, f"Harbour {word} helpline")
    verify(base_url, coach, resource["id"])
    member = make_account("Wren")
    sign_in_as(member)

    # The finder: a calm crisis link first, then search.
    page.goto("/resources")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support services")
    expect(page.get_by_role("link", name="Talk to someone now: crisis lines")).to_have_attribute(
        "href", "/help"
    )
    check_page(page)
    page.get_by_label("Search resources").fill(word)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/resources\?q={word}$"))
    results = page.locator(".resource-card")
    expect(results).to_have_count(1)
    badges = results.get_by_role("list", name="At a glance")
    expect(badges).to_contain_text("Open 24/7")
    expect(badges).to_contain_text("Verified")
    phone_screenshot(page, "resources-search")
    check_page(page)

    # The entry: ways to get in touch, the details and who checked it.
    results.get_by_role("link", name=resource["name"]).click()
    expect(page).to_have_url(re.compile(rf"/resources/{resource['id']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(resource["name"])
    expect(page.get_by_role("link", name="Call 0808 8020 133")).to_have_attribute("href", "tel:08088020133")
    expect(page.get_by_role("link", name="Text 85258")).to_have_attribute("href", "sms:85258")
    website = page.get_by_role("link", name=re.compile(r"^Visit example\.org"))
    expect(website).to_have_attribute("target", "_blank")
    expect(website).to_have_attribute("rel", "noopener noreferrer")
    expect(page.get_by_role("link", name="Email help@example.org")).to_have_attribute(
        "href", "mailto:help@example.org"
    )
    expect(page.get_by_text("Anyone aged 16 or over.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Checked against its source by Sage on"))).to_be_visible()
    expect(page.get_by_role("link", name="Refer a member")).to_have_count(0)  # members do not refer
    check_page(page)

    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("button", name="Remove from saved")).to_be_visible()
    phone_screenshot(page, "resource-page")
    page.get_by_role("link", name="See your saved resources").click()

    # Saved, and still there after a reload.
    expect(page).to_have_url(re.compile(r"/resources/saved$"))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saved resources")
    expect(page.locator(".resource-card").get_by_role("link", name=resource["name"])).to_be_visible()
    check_page(page)


def test_coach_refers_a_member_who_connects_and_the_coach_sees_it(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    coach = make_account("Sage", role="coach")
    member = make_account(f"Wren {uuid.uuid4().hex[:4]}")
    coach_member(base_url, coach, member)
    resource = create_resource(
        base_url, coach, f"Evening {uuid.uuid4().hex[:6]} recovery meeting", kind="mutual_aid_meeting"
    )
    follow_up = dt.date.today() + dt.timedelta(days=14)

    # The coach refers the member from the resource's page.
    sign_in_as(coach)
    page.goto(f"/resources/{resource['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(resource["name"])
    check_page(page)
    page.get_by_role("link", name="Refer a member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a member")
    page.get_by_label("Member").select_option(label=member.display_name)
    page.get_by_label("Note for them").fill("They meet on Tuesday evenings, ten minutes from you.")
    page.get_by_label("Follow up by").fill(follow_up.isoformat())
    phone_screenshot(page, "refer-member")
    check_page(page)
    page.get_by_role("button", name="Send referral").click()

    expect(page).to_have_url(re.compile(r"/resources/referrals\?made_by_me=true$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals I made")
    expect(page.get_by_role("status").filter(has_text="Sent.")).to_be_visible()
    made = page.locator(".resource-card").filter(has_text=resource["name"])
    expect(made).to_contain_text(member.display_name)
    expect(made).to_contain_text("Status: Suggested")
    check_page(page)

    # The member sees it with the coach's note and says how it went.
    sign_in_as(member)
    page.goto("/resources/referrals")
    expect(page.get_by_role("heading", level=1)).to_have_text("My referrals")
    mine = page.locator(".resource-card").filter(has_text=resource["name"])
    expect(mine).to_contain_text("They meet on Tuesday evenings")
    expect(mine).to_contain_text("Suggested by Sage")
    check_page(page)
    mine.get_by_role("button", name="Mark as contacted").click()
    expect(mine).to_contain_text("Status: Contacted")
    expect(mine.get_by_role("button", name="Mark as contacted")).to_have_count(0)
    phone_screenshot(page, "my-referrals")
    check_page(page)
    mine.get_by_role("button", name="Mark as connected").click()
    expect(mine).to_contain_text("Status: Connected")
    expect(mine.get_by_role("button")).to_have_count(0)
    check_page(page)

    # The coach sees where it stands.
    sign_in_as(coach)
    page.goto("/resources/referrals?made_by_me=true")
    made = page.locator(".resource-card").filter(has_text=resource["name"])
    expect(made).to_contain_text("Status: Connected")
    expect(made.get_by_label("Follow-up date")).to_have_count(0)  # settled: nothing to follow up
    phone_screenshot(page, "referrals-made")
    check_page(page)


def test_coach_adds_verifies_edits_and_retires_a_resource(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    coach = make_account("Sage", role="coach")
    name = f"Riverside {uuid.uuid4().hex[:6]} housing advice"
    sign_in_as(coach)

    page.goto("/resources")
    page.get_by_role("link", name="Add a resource").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a resource")
    check_page(page)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Type of support").select_option(label="Housing")
    page.get_by_label("Description").fill("Advice on keeping or finding a home, for people in recovery.")
    page.get_by_role("textbox", name=re.compile(r"^Phone")).fill("+44 (0)20 7946 0000")
    page.get_by_label("Languages").fill("en, not a code")
    page.get_by_role("button", name="Add to the directory").click()

    # The API's message lands beside the field it is about.
    languages = page.get_by_label("Languages")
    expect(languages).to_have_attribute("aria-invalid", "true")
    expect(languages).to_be_focused()
    phone_screenshot(page, "add-resource")
    check_page(page)
    languages.fill("en")
    page.get_by_role("button", name="Add to the directory").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status").filter(has_text="Added.")).to_be_visible()
    expect(page.get_by_role("list", name="At a glance")).to_contain_text("Not yet verified")
    expect(page.get_by_role("link", name="Call +44 (0)20 7946 0000")).to_have_attribute(
        "href", "tel:+442079460000"
    )
    check_page(page)

    page.get_by_role("button", name="I checked this against its source today").click()
    expect(page.get_by_role("list", name="At a glance")).to_contain_text("Verified")
    expect(page.get_by_text(re.compile(r"^Checked against its source by Sage on"))).to_be_visible()

    page.get_by_role("link", name="Edit details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit resource")
    check_page(page)
    page.get_by_label("Opening hours").fill("Weekdays 9am to 5pm")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="Changes saved.")).to_be_visible()
    expect(page.get_by_text("Weekdays 9am to 5pm")).to_be_visible()

    page.get_by_role("button", name="Retire this entry…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("It will leave search results")
    check_page(page)
    dialog.get_by_role("button", name="Retire entry").click()
    expect(page.get_by_text("This entry is no longer listed in the directory.")).to_be_visible()
    expect(page.get_by_role("link", name="Refer a member")).to_have_count(0)
    check_page(page)

    page.goto(f"/resources?q={name.split()[1]}")
    expect(page.get_by_text("Nothing matches that search yet.")).to_be_visible()


def test_coach_adds_a_recovery_residence_and_a_member_finds_it_by_what_they_check(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    coach = make_account("Sage", role="coach")
    name = f"Harbor {uuid.uuid4().hex[:6]} House"
    sign_in_as(coach)

    page.goto("/resources/new")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Type of support").select_option(label="Recovery residence (sober living)")
    page.get_by_label("Description").fill("A shared sober home for women in recovery, with house meetings.")
    page.get_by_label("Certification").fill("Certified by FARR (NARR affiliate)")
    page.get_by_label("Country", exact=True).select_option("US")
    page.get_by_role("button", name="Add to the directory").click()

    # Whom it houses is what people check first: the API asks for it.
    houses = page.get_by_label("Who it houses")
    expect(houses).to_have_attribute("aria-invalid", "true")
    check_page(page)
    houses.select_option(label="Women")
    page.get_by_label("NARR level").select_option(label="Level II: monitored")
    page.get_by_label("Medication-assisted treatment").select_option(label="Accepts residents on MAT")
    page.get_by_label("Cost in words").fill("$165 a week, utilities included")
    page.get_by_role("button", name="Add to the directory").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    details = page.locator("dl.facts")
    expect(details).to_contain_text("Women")
    expect(details).to_contain_text("Level II: monitored")
    expect(details).to_contain_text("Accepts residents on MAT")
    expect(details).to_contain_text("$165 a week, utilities included")
    check_page(page)

    sign_in_as(make_account("Wren"))
    page.goto("/resources")
    page.get_by_role("list", name="Try:").get_by_role("button", name="sober living").click()
    expect(page).to_have_url(re.compile(r"/resources\?q=sober\+living$"))
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Houses").select_option(label="Women")
    page.get_by_label(re.compile("medication-assisted treatment")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".resource-card").get_by_role("link", name=name)).to_be_visible()
    check_page(page)
