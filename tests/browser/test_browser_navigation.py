"""Every page: the help link, landmarks, keyboard access, accessibility and the real CSP."""

import pytest
from browser_support import record_csp_violations
from playwright.sync_api import Page, expect

PUBLIC_PAGES = [
    "/",
    "/sign-in",
    "/sign-up",
    "/help",
    "/groups",
    "/sessions",
    "/coaching",
    "/resources",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_visitor_sees_get_help_link_on_every_page(page: Page, check_page, path):
    page.goto(path)
    check_page(page)


def test_get_help_link_leads_to_crisis_page(signed_in_page: Page):
    page = signed_in_page
    page.goto("/groups")
    page.get_by_role("link", name="Get help now").click()

    expect(page).to_have_url("/help")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")


def test_visitor_can_skip_to_main_content(page: Page):
    page.goto("/groups")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups")  # the app has rendered
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url("/groups#main")
    expect(page.locator("main")).to_be_focused()


def test_spa_runs_under_its_content_security_policy(browser, base_url):
    context = browser.new_context(base_url=base_url)  # no bypass_csp here
    page = context.new_page()
    violations = record_csp_violations(page)
    try:
        for path in ["/", "/sign-up", "/help"]:
            page.goto(path)
            expect(page.get_by_role("link", name="Get help now")).to_be_visible()
            expect(page.locator("main h1")).to_be_visible()
    finally:
        context.close()
    assert violations == []
