"""Partner-clinic journeys: an admin registers a clinic and issues it a client; a member shares
with it, sees its reads in the access log and stops sharing, after which the clinic is refused; a
clinic's referral code brings a new member to a proposal they accept with fewer scopes."""

import datetime as dt
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from browser_support import (
    PASSWORD,
    PHONE,
    Account,
    account_menu_button,
    call_api,
    new_email,
    open_account_menu,
    phone_screenshot,
)
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


def clinic_token(base_url: str, client_id: str, client_secret: str) -> str:
    """What a clinic's system does: trade its credentials for a token (OAuth2 client
    credentials, form-encoded)."""
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}
    ).encode()
    request = urllib.request.Request(f"{base_url}/api/v1/oauth/token", data=form, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise AssertionError(f"token refused: {error.code} {error.read()!r}") from None
    assert body["token_type"].lower() == "bearer", body
    return body["access_token"]


def test_admin_issues_a_client_member_shares_sees_the_reads_and_revokes(
    page: Page, base_url, make_account, sign_in_as, check_page
):
    suffix = uuid.uuid4().hex[:4]
    admin = make_account(f"Alder {suffix}", role="admin")
    member = make_account(f"Wren {suffix}")
    clinic_name = f"Harbour {suffix} Clinic"

    # The admin opens Partner clinics from the header and registers the clinic.
    sign_in_as(admin)
    page.goto("/")
    open_account_menu(page).get_by_role("link", name="Partner clinics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner clinics")
    check_page(page)
    page.get_by_role("link", name="Add a clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a partner clinic")
    page.get_by_label("Name", exact=True).fill(clinic_name)
    page.get_by_label("Website").fill("http://harbour.example")
    page.get_by_role("button", name="Add clinic").click()
    expect(page.get_by_label("Website")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Website").fill("https://harbour.example")
    page.get_by_label("Contact email").fill("team@harbour.example")
    page.get_by_label("Description").fill("NHS-commissioned addiction service.")
    phone_screenshot(page, "clinic-new")
    check_page(page)
    page.get_by_role("button", name="Add clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(clinic_name)
    expect(page.get_by_role("status").filter(has_text="is added")).to_be_visible()
    check_page(page)

    # It issues a client; the secret is shown once, in a dialog, and read from there.
    page.get_by_role("button", name="Issue a client…").click()
    form = page.get_by_role("dialog", name=f"Issue a client to {clinic_name}")
    form.get_by_label("Name", exact=True).fill("EHR integration")
    for scope in ("members:read", "checkins:read"):
        form.get_by_label(scope, exact=True).check()
    dialog_screenshot(page, "clinic-issue-client")
    check_page(page)
    form.get_by_role("button", name="Issue client").click()
    shown = page.get_by_role("dialog", name="EHR integration is ready: copy the secret")
    expect(shown).to_contain_text("Copy the secret now: it will not be shown again.")
    expect(shown.get_by_role("button", name="Copy secret")).to_be_visible()
    client_id = shown.get_by_label("Client ID").input_value()
    client_secret = shown.get_by_label("Client secret").input_value()
    assert client_id and client_secret and client_id != client_secret
    dialog_screenshot(page, "clinic-secret")
    check_page(page)
    shown.get_by_role("button", name="I have copied it").click()
    expect(shown).to_be_hidden()
    client_row = page.locator("li.client").filter(has_text=client_id)
    expect(client_row).to_contain_text("EHR integration")
    expect(client_row).to_contain_text("Never")
    expect(page.locator("main")).not_to_contain_text(client_secret)
    phone_screenshot(page, "clinic-admin")

    # The member shares with the clinic from "Sharing with clinics".
    sign_in_as(member)
    page.goto("/")
    open_account_menu(page).get_by_role("link", name="Sharing with clinics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing with clinics")
    expect(page.get_by_role("heading", name="You are not sharing with any clinic")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Share with a clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a clinic")
    page.get_by_label("Clinic", exact=True).select_option(label=clinic_name)
    page.get_by_role("button", name="Agree and start sharing").click()
    expect(page.get_by_label("What is it for?")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("group", name="What can they see?")).to_contain_text(
        "Tick at least one thing to share."
    )
    page.get_by_label("Your check-ins and questionnaire scores").check()
    page.get_by_label("Your profile").check()
    page.get_by_label("What is it for?").fill("So my key worker can see how I am doing between appointments")
    until = dt.date.today() + dt.timedelta(days=200)
    page.get_by_label("Share until").fill(until.isoformat())
    page.get_by_label("Or stop earlier, when…").fill("when my treatment ends")
    day = f"{until.day} {until.strftime('%B %Y')}"
    expect(page.locator(".consent-form__summary")).to_contain_text(
        f"{clinic_name} can see your check-ins and questionnaire scores, and your profile, until {day} "
        "(or earlier: when my treatment ends)."
    )
    expect(page.locator(".consent-form__summary")).to_contain_text("Who shares it: Peerway, on your behalf.")
    page.get_by_label("I understand I can withdraw this at any time").check()
    phone_screenshot(page, "consent-grant")
    check_page(page)
    page.get_by_role("button", name="Agree and start sharing").click()
    expect(page).to_have_url(re.compile(r"/account/clinics$"))
    expect(page.get_by_role("status").filter(has_text="Done.")).to_contain_text(
        f"You are sharing with {clinic_name} now"
    )
    sharing = page.get_by_role("region", name=re.compile("Sharing now"))
    expect(sharing).to_contain_text(
        f"{clinic_name} can see your check-ins and questionnaire scores, and your profile"
    )
    expect(sharing).to_contain_text("You agreed on")
    phone_screenshot(page, "consents")
    check_page(page)

    # The clinic's system, with a real HTTP client: the member is listed, their check-ins readable.
    token = clinic_token(base_url, client_id, client_secret)
    status, listed = call_api(base_url, "GET", "/api/v1/clinic/members", token=token)
    assert status == 200, listed
    assert [item["profile"]["display_name"] for item in listed["items"]] == [member.display_name], listed
    assert sorted(listed["items"][0]["consent"]["scopes"]) == ["checkins:read", "members:read"]
    pseudonym = listed["items"][0]["id"]
    assert pseudonym != member.id
    status, check_ins = call_api(
        base_url, "GET", f"/api/v1/clinic/members/{pseudonym}/check-ins", token=token
    )
    assert status == 200, check_ins

    # The member sees those reads, with the clinic's name.
    page.get_by_role("link", name="See when a clinic looked").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has seen your private information")
    entries = page.locator("li.access-entry")
    expect(entries.filter(has_text="Read your check-ins")).to_contain_text(f"{clinic_name} (partner clinic)")
    expect(entries.filter(has_text="Saw you in their list")).to_contain_text(
        f"{clinic_name} (partner clinic)"
    )
    phone_screenshot(page, "access-log-clinic")
    check_page(page)

    # The member stops sharing: a confirmation that says it is immediate, then it has ended.
    page.get_by_role("link", name="See or stop sharing with clinics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing with clinics")
    page.get_by_role("button", name=f"Stop sharing with {clinic_name}…").click()
    confirm = page.get_by_role("dialog", name=f"Stop sharing with {clinic_name}?")
    expect(confirm).to_contain_text("This takes effect immediately.")
    dialog_screenshot(page, "consent-revoke")
    check_page(page)
    confirm.get_by_role("button", name="Stop sharing", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="You stopped sharing")).to_contain_text(clinic_name)
    ended = page.get_by_role("region", name=re.compile("Ended"))
    expect(ended).to_contain_text(f"{clinic_name} could see")
    expect(page.get_by_role("region", name=re.compile("Sharing now"))).to_have_count(0)
    check_page(page)

    # The clinic's next read is refused; its list is empty.
    status, _ = call_api(base_url, "GET", f"/api/v1/clinic/members/{pseudonym}", token=token)
    assert status == 404
    status, _ = call_api(base_url, "GET", f"/api/v1/clinic/members/{pseudonym}/check-ins", token=token)
    assert status == 404
    status, listed = call_api(base_url, "GET", "/api/v1/clinic/members", token=token)
    assert status == 200 and listed["items"] == [], listed


def test_a_clinic_referral_brings_a_member_who_accepts_with_fewer_scopes(
    page: Page, base_url, make_account, check_page
):
    suffix = uuid.uuid4().hex[:4]
    admin = make_account(f"Alder {suffix}", role="admin")
    clinic_name = f"Oak {suffix} Service"
    status, clinic = call_api(
        base_url, "POST", "/api/v1/clinics", {"name": clinic_name, "region": "GB"}, token=admin.access_token
    )
    assert status == 201, clinic
    status, client = call_api(
        base_url,
        "POST",
        f"/api/v1/clinics/{clinic['id']}/clients",
        {
            "label": "Referrals",
            "allowed_scopes": ["members:read", "checkins:read", "attendance:read", "referrals:write"],
        },
        token=admin.access_token,
    )
    assert status == 201, client
    token = clinic_token(base_url, client["client_id"], client["client_secret"])
    reference = f"MRN-{suffix}"
    status, referral = call_api(
        base_url,
        "POST",
        "/api/v1/clinic/referrals",
        {
            "patient_reference": reference,
            "proposed_scopes": ["members:read", "checkins:read", "attendance:read"],
            "purpose": "Follow your progress between appointments",
            "consent_days": 180,
            "message": "We'd like to support you alongside your peer group.",
        },
        token=token,
    )
    assert status == 201, referral
    assert referral["signup_url"] == f"/sign-up?clinic_code={referral['code']}"

    # A visitor opens the referral link: the code is filled in, visible and editable.
    page.goto(referral["signup_url"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    code = page.get_by_label("Clinic invitation code (optional)")
    expect(code).to_have_value(referral["code"])
    expect(page.get_by_text("You have a clinic invitation")).to_be_visible()
    check_page(page)
    display_name = f"Fern {suffix}"
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_role("button", name="Create account").click()

    # Signed up and in: told a clinic proposed sharing, and that nothing is shared yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome to Peerway, {display_name}")
    expect(
        page.get_by_role("heading", name="A clinic has asked to see some of your information")
    ).to_be_visible()
    expect(account_menu_button(page)).to_be_visible()
    phone_screenshot(page, "sign-up-clinic-welcome")
    check_page(page)
    page.get_by_role("link", name="Review what they asked").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing with clinics")
    waiting = page.get_by_role("region", name=re.compile("Waiting for your answer"))
    expect(waiting).to_contain_text(f"{clinic_name} asks to see")
    expect(waiting).to_contain_text("We'd like to support you alongside your peer group.")
    check_page(page)
    waiting.get_by_role("link", name=f"Review and answer {clinic_name}").click()

    # The review: their message and terms; untick attendance; agree.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{clinic_name} asks to see some of your information"
    )
    expect(page).not_to_have_url(re.compile(reference))
    asked = page.get_by_role("region", name="What they asked")
    expect(asked).to_contain_text("We'd like to support you alongside your peer group.")
    expect(asked).to_contain_text(
        "asks to see your check-ins and questionnaire scores, which sessions you booked and went to, "
        "and your profile"
    )
    scopes = page.get_by_role("group", name="What can they see?")
    expect(scopes.get_by_role("checkbox")).to_have_count(3)
    scopes.get_by_label("Sessions you booked and went to").uncheck()
    page.get_by_label("I understand I can withdraw this at any time").check()
    expect(page.locator(".consent-form__summary")).to_contain_text(
        f"{clinic_name} can see your check-ins and questionnaire scores, and your profile, until"
    )
    phone_screenshot(page, "consent-review")
    check_page(page)
    page.get_by_role("button", name="Agree and start sharing").click()
    expect(page).to_have_url(re.compile(r"/account/clinics$"))
    sharing = page.get_by_role("region", name=re.compile("Sharing now"))
    expect(sharing).to_contain_text(
        f"{clinic_name} can see your check-ins and questionnaire scores, and your profile"
    )
    expect(page.get_by_role("region", name=re.compile("Waiting for your answer"))).to_have_count(0)
    check_page(page)

    # The clinic sees its patient, by its own reference, with only the scopes agreed to.
    status, listed = call_api(base_url, "GET", "/api/v1/clinic/members", token=token)
    assert status == 200, listed
    [item] = listed["items"]
    assert item["patient_reference"] == reference
    assert item["profile"]["display_name"] == display_name
    assert sorted(item["consent"]["scopes"]) == ["checkins:read", "members:read"]
    # The client may read attendance, but this member did not agree to it.
    status, _ = call_api(base_url, "GET", f"/api/v1/clinic/members/{item['id']}/attendance", token=token)
    assert status == 404


def test_non_admins_are_told_clinic_management_is_for_admins(
    page: Page, make_account, sign_in_as, check_page
):
    member: Account = make_account(f"Ash {uuid.uuid4().hex[:4]}")
    sign_in_as(member)
    page.goto("/admin/clinics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner clinics")
    expect(page.get_by_role("heading", name="For Peerway admins only")).to_be_visible()
    expect(page.get_by_role("link", name="Add a clinic")).to_have_count(0)
    account_nav = open_account_menu(page)
    expect(account_nav.get_by_role("link", name="Sharing with clinics")).to_be_visible()  # open
    expect(account_nav.get_by_role("link", name="Partner clinics")).to_have_count(0)
    check_page(page)
