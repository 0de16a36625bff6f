"""Journeys through the account pages: sign up, sign in and out, profile, export, erasure."""

import json
from pathlib import Path

from browser_support import PASSWORD, account_menu_button, call_api, new_email, open_account_menu
from playwright.sync_api import Page, expect


def sign_in_with_form(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_visitor_can_sign_up(page: Page, check_page):
    page.goto("/sign-up")
    check_page(page)
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Display name").fill("Harbour Light")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Harbour Light")
    expect(account_menu_button(page)).to_be_visible()
    check_page(page)


def test_visitor_sees_password_advice_beside_the_field(page: Page):
    page.goto("/sign-up")
    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password").fill("short")
    page.get_by_label("Display name").fill("Harbour Light")
    page.get_by_role("button", name="Create account").click()

    password = page.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    error_id = password.get_attribute("aria-describedby").split()[0]
    expect(page.locator(f"#{error_id}")).to_contain_text("12")
    expect(page.get_by_role("alert").first).to_contain_text("another look")


def test_member_can_sign_in(page: Page, member, check_page):
    page.goto("/sign-in")
    check_page(page)
    sign_in_with_form(page, member["email"], member["password"])

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {member['display_name']}")
    check_page(page)


def test_member_cannot_sign_in_with_wrong_password(page: Page, member):
    page.goto("/sign-in")
    sign_in_with_form(page, member["email"], "not-the-right-password-1")

    expect(page.get_by_role("alert").first).to_contain_text("email or password is not right")
    expect(account_menu_button(page)).to_have_count(0)


def test_visitor_returns_to_requested_page_after_sign_in(page: Page, member):
    page.goto("/profile")
    expect(page).to_have_url("/sign-in")
    sign_in_with_form(page, member["email"], member["password"])

    expect(page).to_have_url("/profile")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")


def test_member_can_edit_profile(signed_in_page: Page, check_page):
    page = signed_in_page
    page.goto("/profile")
    check_page(page)
    page.get_by_label("Display name").fill("Quiet Meadow")
    page.get_by_label("Pronouns").fill("they/them")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="saved")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Display name")).to_have_value("Quiet Meadow")
    expect(page.get_by_label("Pronouns")).to_have_value("they/them")


def test_member_can_export_data(signed_in_page: Page, member):
    page = signed_in_page
    page.goto("/profile")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value

    assert download.suggested_filename == "peerway-export.json"
    exported = json.loads(Path(download.path()).read_text())
    assert member["email"] in json.dumps(exported)


def test_member_can_delete_account(signed_in_page: Page, member, check_page, base_url):
    page = signed_in_page
    page.goto("/profile")
    page.get_by_role("button", name="Delete my account…").click()
    page.get_by_label("Your password").fill(member["password"])
    page.get_by_role("button", name="Delete my account permanently").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account was deleted")
    check_page(page)
    assert page.evaluate("() => localStorage.getItem('peerway.access_token')") is None
    status, _ = call_api(
        base_url, "POST", "/api/v1/auth/login", {"email": member["email"], "password": member["password"]}
    )
    assert status == 401


def test_member_cannot_delete_account_with_wrong_password(signed_in_page: Page):
    page = signed_in_page
    page.goto("/profile")
    page.get_by_role("button", name="Delete my account…").click()
    page.get_by_label("Your password").fill("not-the-right-password-1")
    page.get_by_role("button", name="Delete my account permanently").click()

    expect(page.get_by_label("Your password")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("That password is not right.")).to_be_visible()
    expect(page).to_have_url("/profile")


def test_member_can_sign_out(signed_in_page: Page, base_url):
    page = signed_in_page
    page.goto("/profile")
    refresh_token = page.evaluate("() => localStorage.getItem('peerway.refresh_token')")
    open_account_menu(page).get_by_role("button", name="Sign out").click()

    expect(page).to_have_url("/sign-in")
    expect(page.get_by_role("status").first).to_contain_text("signed out")
    assert page.evaluate("() => localStorage.getItem('peerway.access_token')") is None
    status, _ = call_api(base_url, "POST", "/api/v1/auth/refresh", {"refresh_token": refresh_token})
    assert status == 401  # the sign-in was revoked on the server too


def test_member_stays_signed_in_when_access_token_is_refreshed(signed_in_page: Page):
    page = signed_in_page
    old_refresh = page.evaluate("() => localStorage.getItem('peerway.refresh_token')")
    page.evaluate("() => localStorage.setItem('peerway.access_token', 'expired.or.tampered')")
    page.goto("/profile")

    expect(page.get_by_label("Display name")).to_be_visible()
    new_refresh = page.evaluate("() => localStorage.getItem('peerway.refresh_token')")
    assert new_refresh and new_refresh != old_refresh


def test_member_is_sent_to_sign_in_when_sign_in_has_ended(signed_in_page: Page, member, base_url):
    page = signed_in_page
    # Another device used this sign-in's refresh token: every token of the sign-in is now dead.
    refresh_token = page.evaluate("() => localStorage.getItem('peerway.refresh_token')")
    assert call_api(base_url, "POST", "/api/v1/auth/refresh", {"refresh_token": refresh_token})[0] == 200
    assert call_api(base_url, "POST", "/api/v1/auth/refresh", {"refresh_token": refresh_token})[0] == 401
    page.evaluate("() => localStorage.setItem('peerway.access_token', 'expired.or.tampered')")
    page.goto("/profile")

    expect(page).to_have_url("/sign-in")
    expect(page.get_by_role("status").first).to_contain_text("Your sign-in has ended")
    assert page.evaluate("() => localStorage.getItem('peerway.refresh_token')") is None
    sign_in_with_form(page, member["email"], member["password"])
    expect(page).to_have_url("/profile")
