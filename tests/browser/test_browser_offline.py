"""The installable app offline, and what a first visit costs.

After one visit the service worker (vite-plugin-pwa / Workbox) has precached the app and the crisis
page with every country's data: a fresh load of /help?region=XX then shows that country's numbers
with no network, and / opens the app shell with its help link. The landing and sign-in pages stay
within their JavaScript budgets (gzip, as transferred, counting only what the page itself loads).
"""

import re

import pytest
from playwright.sync_api import expect

LANDING_JS_BUDGET = 150_000
SIGN_IN_JS_BUDGET = 120_000


@pytest.fixture
def new_context(browser, base_url):
    """Contexts of the test's own, closed afterwards. The SPA's real CSP applies (no bypass), so
    registering the service worker is proven to work under it."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=base_url, locale="en-GB", timezone_id="Europe/London", **options
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def visit_once_and_go_offline(context):
    """One visit to /, until the service worker has installed (precached) and controls the page."""
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("link", name="Get help now")).to_be_visible()
    # `ready` resolves once a worker is active, which is after its install (the precache) succeeded.
    scope = page.evaluate("() => navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope.endswith("/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.close()


def test_crisis_page_opens_offline_for_any_country_after_one_visit(new_context):
    context = new_context()
    visit_once_and_go_offline(context)

    japan = context.new_page()
    japan.goto("/help?region=JP")
    assert japan.evaluate("() => navigator.onLine") is False
    region = japan.locator("#region-help")
    expect(region).to_contain_text("Japan")
    expect(region).to_contain_text("110")
    expect(region).to_contain_text("119")

    britain = context.new_page()
    britain.goto("/help?region=GB")
    region = britain.locator("#region-help")
    expect(region).to_contain_text("999")
    expect(region).to_contain_text("Samaritans")
    expect(region).to_contain_text("116 123")
    expect(region).not_to_contain_text("110")


def test_app_shell_opens_offline_with_its_help_link(new_context):
    context = new_context()
    visit_once_and_go_offline(context)

    page = context.new_page()
    page.goto("/")
    help_link = page.get_by_role("link", name="Get help now")
    expect(help_link).to_be_visible()
    assert help_link.get_attribute("href").startswith("/help")
    expect(page.locator("main h1")).to_be_visible()

    # The crisis link leads to the precached crisis page, still offline.
    help_link.click()
    expect(page).to_have_url(re.compile(r"/help(\?|$)"))
    expect(page.locator("#region-help")).to_contain_text("999")


def test_api_answers_are_never_served_by_the_service_worker(new_context):
    """Personal data is not cached: offline, an API read fails instead of answering from a cache."""
    context = new_context()
    visit_once_and_go_offline(context)

    page = context.new_page()
    page.goto("/")
    status = page.evaluate(
        """() => fetch("/api/openapi.json").then((response) => response.status, () => "network error")"""
    )
    assert status == "network error"


def page_javascript_bytes(context, path: str) -> tuple[int, list[str]]:
    """JavaScript bytes transferred (encoded, as on the wire) for one fresh load of `path`."""
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(path, wait_until="networkidle")
    expect(page.locator("main h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    scripts = [request for request in finished if request.resource_type == "script"]
    for request in scripts:
        # The budget is for gzip; a build served uncompressed would be measured as such, and fail.
        assert request.response().header_value("content-encoding") == "gzip", request.url
    total = sum(request.sizes()["responseBodySize"] for request in scripts)
    return total, [request.url.rsplit("/", 1)[-1] for request in scripts]


@pytest.mark.parametrize(("path", "budget"), [("/", LANDING_JS_BUDGET), ("/sign-in", SIGN_IN_JS_BUDGET)])
def test_first_load_stays_within_its_javascript_budget(new_context, path, budget):
    # No service worker: its precache downloads are not this page's first load. Ask for gzip only,
    # the budget's unit (Chromium would take brotli over HTTPS).
    context = new_context(service_workers="block", extra_http_headers={"Accept-Encoding": "gzip, deflate"})
    total, scripts = page_javascript_bytes(context, path)

    assert len(scripts) >= 2, scripts  # the entry chunk and the page's own chunk
    assert total <= budget, f"{path}: {total} bytes of JavaScript (gzip) > {budget}: {scripts}"
