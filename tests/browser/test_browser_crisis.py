"""The crisis page: public, per region, and still useful when the API cannot be reached."""

from playwright.sync_api import Page, expect


def test_visitor_can_find_crisis_lines_for_gb(page: Page, check_page):
    page.goto("/help")
    page.get_by_label("Where are you?").select_option("GB")

    samaritans = page.locator(".crisis-line", has_text="Samaritans")
    expect(samaritans.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    expect(samaritans).to_contain_text("checked")
    expect(page.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    check_page(page)


def test_visitor_can_find_crisis_lines_for_us(page: Page, check_page):
    page.goto("/help")
    page.get_by_label("Where are you?").select_option("US")

    expect(page.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(page.get_by_role("link", name="Call 911")).to_be_visible()
    check_page(page)


def test_crisis_region_defaults_from_browser_language(page: Page):
    page.goto("/help")  # the browser context speaks en-GB

    expect(page.get_by_label("Where are you?")).to_have_value("GB")
    expect(page.get_by_role("link", name="Call 116 123")).to_be_visible()


def test_crisis_page_shows_saved_numbers_when_api_fails(page: Page):
    page.route("**/api/v1/resources/crisis**", lambda route: route.abort())
    page.goto("/help?region=GB")

    expect(page.get_by_role("status").filter(has_text="saved in the app")).to_be_visible()
    expect(page.get_by_role("link", name="Call 116 123")).to_be_visible()
    expect(page.get_by_role("link", name="Text SHOUT to 85258")).to_be_visible()
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()
