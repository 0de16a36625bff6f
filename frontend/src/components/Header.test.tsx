import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../api/client";
import { fetchRouter, json } from "../test/http";
import { renderPage } from "../test/render";
import { Header } from "./Header";
import { RequireAuth } from "./RequireAuth";

/** A signed-in member with this role; the header reads their profile and (members) their groups. */
function signInAs(role: "member" | "facilitator" | "admin", groups: unknown[] = []) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "m1", role, display_name: "Wren Example", time_zone: "Europe/London" }),
    "GET /api/v1/members/me/notifications": () => json({ items: [], next_cursor: null }),
    "GET /api/v1/groups": () => json({ items: groups, next_cursor: null }),
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  return router;
}

function Where() {
  return <p data-testid="location">{useLocation().pathname}</p>;
}

/** The header on every path (as in the app's layout), so it stays mounted while links are followed. */
function renderHeader(route = "/") {
  return renderPage(
    <>
      <Header />
      <a href="#after">After the header</a>
      <Where />
    </>,
    { path: "*", route },
  );
}

const accountButton = () => screen.getByRole("button", { name: "Account" });
const accountNav = () => screen.getByRole("navigation", { name: "Account" });

describe("Header", () => {
  it("offers help, sign-in and sign-up when signed out", () => {
    renderPage(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help");
    expect(screen.getByRole("link", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign up" })).toHaveAttribute("href", "/sign-up");
    expect(screen.queryByRole("button", { name: "Account" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });

  it("keeps the four sections in the main navigation, marking the current one", () => {
    renderHeader("/sessions");
    const main = screen.getByRole("navigation", { name: "Main" });
    expect(within(main).getAllByRole("link").map((link) => link.textContent)).toEqual(["Groups", "Sessions", "Coaching", "Resources"]);
    expect(within(main).getByRole("link", { name: "Sessions" })).toHaveAttribute("aria-current", "page");
    expect(within(main).getByRole("link", { name: "Groups" })).not.toHaveAttribute("aria-current");
  });

  it("folds the sections behind a Menu button that Escape closes", async () => {
    const user = userEvent.setup();
    renderHeader();
    const toggle = screen.getByRole("button", { name: "Menu" });
    const main = screen.getByRole("navigation", { name: "Main" });
    expect(toggle).toHaveAttribute("aria-controls", main.id);
    expect(toggle).toHaveAttribute("aria-expanded", "false");

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(main).toHaveAttribute("data-open");
    await user.keyboard("{Escape}");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(main).not.toHaveAttribute("data-open");
    expect(toggle).toHaveFocus();

    await user.click(toggle);
    await user.click(within(main).getByRole("link", { name: "Coaching" }));
    expect(toggle).toHaveAttribute("aria-expanded", "false");
  });

  it("keeps the account pages and sign-out in a closed Account menu until it is opened", async () => {
    const user = userEvent.setup();
    signInAs("member");
    renderHeader();
    const button = accountButton();
    expect(button).toHaveAttribute("aria-expanded", "false");
    const panel = document.getElementById(button.getAttribute("aria-controls")!)!;
    expect(panel).not.toBeVisible();
    expect(screen.queryByRole("link", { name: "Profile" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();

    await user.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(panel).toBeVisible();
    expect(within(panel).getByRole("link", { name: "My sessions" })).toHaveAttribute("href", "/my/sessions");
    expect(within(panel).getByRole("link", { name: "Profile" })).toHaveAttribute("href", "/profile");
    expect(within(panel).getByRole("link", { name: "Sharing with clinics" })).toHaveAttribute("href", "/account/clinics");
    expect(within(panel).getByRole("button", { name: "Sign out" })).toBeEnabled();
    expect(await within(panel).findByText("Wren Example")).toBeInTheDocument();
    // A disclosure of links, not an ARIA menu.
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();

    await user.click(button);
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(panel).not.toBeVisible();
  });

  it("closes the Account menu on Escape, returning focus to its button", async () => {
    const user = userEvent.setup();
    signInAs("member");
    renderHeader();
    await user.click(accountButton());
    await user.tab();
    expect(screen.getByRole("link", { name: "My sessions" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(accountButton()).toHaveAttribute("aria-expanded", "false");
    expect(accountButton()).toHaveFocus();
  });

  it("closes the Account menu on a click outside it", async () => {
    const user = userEvent.setup();
    signInAs("member");
    renderHeader();
    await user.click(accountButton());
    expect(accountButton()).toHaveAttribute("aria-expanded", "true");
    await user.click(screen.getByText("After the header"));
    expect(accountButton()).toHaveAttribute("aria-expanded", "false");
  });

  it("closes the Account menu when focus leaves it", async () => {
    const user = userEvent.setup();
    signInAs("member");
    renderHeader();
    await user.click(accountButton());
    await user.tab(); // My sessions
    await user.tab(); // Profile
    await user.tab(); // Sharing with clinics
    await user.tab(); // Sign out
    expect(screen.getByRole("button", { name: "Sign out" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("link", { name: "After the header" })).toHaveFocus();
    expect(accountButton()).toHaveAttribute("aria-expanded", "false");
  });

  it("closes the Account menu when a link in it is followed, and marks the current page", async () => {
    const user = userEvent.setup();
    signInAs("member");
    renderHeader("/my/sessions");
    await user.click(accountButton());
    expect(screen.getByRole("link", { name: "My sessions" })).toHaveAttribute("aria-current", "page");
    await user.click(screen.getByRole("link", { name: "Profile" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/profile");
    expect(accountButton()).toHaveAttribute("aria-expanded", "false");
    await user.click(accountButton());
    expect(screen.getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "My sessions" })).not.toHaveAttribute("aria-current");
  });

  it("always shows Get help now outside every menu, open or closed", async () => {
    const user = userEvent.setup();
    signInAs("admin");
    renderHeader();
    const help = () => screen.getByRole("link", { name: "Get help now" });
    expect(help()).toHaveAttribute("href", "/help");
    await user.click(screen.getByRole("button", { name: "Menu" }));
    await user.click(accountButton());
    expect(help()).toBeVisible();
    expect(help().closest("nav")).toBeNull();
    expect(accountNav()).not.toContainElement(help());
    expect(screen.getAllByRole("link", { name: "Get help now" })).toHaveLength(1);
  });
});

describe("Header: links by role", () => {
  it("shows members neither Moderation nor Partner clinics", async () => {
    const user = userEvent.setup();
    const router = signInAs("member");
    renderHeader();
    await user.click(accountButton());
    await waitFor(() => expect(router.sent("GET", "/api/v1/members/me")).toHaveLength(1));
    await waitFor(() => expect(router.sent("GET", "/api/v1/groups")).toHaveLength(1));
    expect(await screen.findByText("Wren Example")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Moderation" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Partner clinics" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sharing with clinics" })).toBeInTheDocument();
  });

  it("shows a member who co-facilitates a group the Moderation link", async () => {
    const user = userEvent.setup();
    signInAs("member", [{ id: "g1", my_membership: { status: "active", role: "facilitator" } }]);
    renderHeader();
    await user.click(accountButton());
    expect(await screen.findByRole("link", { name: "Moderation" })).toHaveAttribute("href", "/moderation");
    expect(screen.queryByRole("link", { name: "Partner clinics" })).not.toBeInTheDocument();
  });

  it("shows facilitators Moderation but not Partner clinics", async () => {
    const user = userEvent.setup();
    signInAs("facilitator");
    renderHeader();
    await user.click(accountButton());
    expect(await screen.findByRole("link", { name: "Moderation" })).toHaveAttribute("href", "/moderation");
    expect(screen.queryByRole("link", { name: "Partner clinics" })).not.toBeInTheDocument();
  });

  it("shows admins Moderation and Partner clinics, inside the Account menu", async () => {
    const user = userEvent.setup();
    const router = signInAs("admin");
    renderHeader();
    await waitFor(() => expect(router.sent("GET", "/api/v1/members/me")).toHaveLength(1));
    expect(screen.queryByRole("link", { name: "Partner clinics" })).not.toBeInTheDocument(); // closed
    await user.click(accountButton());
    const nav = accountNav();
    expect(await within(nav).findByRole("link", { name: "Partner clinics" })).toHaveAttribute("href", "/admin/clinics");
    expect(within(nav).getByRole("link", { name: "Moderation" })).toHaveAttribute("href", "/moderation");
    expect(within(nav).getByRole("link", { name: "Sharing with clinics" })).toHaveAttribute("href", "/account/clinics");
  });
});

describe("Header notifications", () => {
  it("shows the unread count and says it in words", async () => {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me/notifications": () => json({ items: [{ id: "n1" }, { id: "n2" }], next_cursor: null }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<Header />, { path: "/" });
    expect(await screen.findByRole("link", { name: /^Notifications\s*2\s*unread$/ })).toHaveAttribute("href", "/notifications");
    const [unread] = router.sent("GET", "/api/v1/members/me/notifications");
    expect(new URL(unread!.url).searchParams.get("unread")).toBe("true");
    // Beside the Account menu, not inside it: one click away.
    expect(screen.getByRole("button", { name: "Account" })).toHaveAttribute("aria-expanded", "false");
  });

  it("shows 99+ when there are more unread than one page", async () => {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me/notifications": () => json({ items: Array.from({ length: 99 }, (_, i) => ({ id: `n${i}` })), next_cursor: "more" }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<Header />, { path: "/" });
    expect(await screen.findByRole("link", { name: /^Notifications\s*99\+\s*unread$/ })).toBeInTheDocument();
  });
});

describe("RequireAuth", () => {
  it("sends visitors to sign in", () => {
    renderPage(<RequireAuth><p>Private</p></RequireAuth>, { path: "/profile" });
    expect(screen.getByTestId("location")).toHaveTextContent("/sign-in");
    expect(screen.queryByText("Private")).not.toBeInTheDocument();
  });

  it("shows the page to signed-in members", () => {
    tokenStore.set({ access: "a", refresh: "r" });
    renderPage(<RequireAuth><p>Private</p></RequireAuth>, { path: "/profile" });
    expect(screen.getByText("Private")).toBeInTheDocument();
  });
});
