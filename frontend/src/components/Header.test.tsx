import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../api/client";
import { fetchRouter, json } from "../test/http";
import { renderPage } from "../test/render";
import { Header } from "./Header";
import { RequireAuth } from "./RequireAuth";

describe("Header", () => {
  it("offers help, sign-in and sign-up when signed out", () => {
    renderPage(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help");
    expect(screen.getByRole("link", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });

  it("offers help, profile and sign-out when signed in", () => {
    tokenStore.set({ access: "a", refresh: "r" });
    renderPage(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help");
    expect(screen.getByRole("link", { name: "Profile" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeEnabled();
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
    expect(new URL(router.requests[0]!.url).searchParams.get("unread")).toBe("true");
    expect(screen.getByRole("link", { name: "My sessions" })).toHaveAttribute("href", "/my/sessions");
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

describe("Header: partner clinics", () => {
  it("links every member to what they share with clinics, and admins to the clinics", async () => {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me": () => json({ id: "a1", role: "admin", time_zone: "Europe/London" }),
      "GET /api/v1/members/me/notifications": () => json({ items: [], next_cursor: null }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Sharing with clinics" })).toHaveAttribute("href", "/account/clinics");
    expect(await screen.findByRole("link", { name: "Partner clinics" })).toHaveAttribute("href", "/admin/clinics");
  });

  it("shows no admin link to members", async () => {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me": () => json({ id: "m1", role: "member", time_zone: "Europe/London" }),
      "GET /api/v1/members/me/notifications": () => json({ items: [], next_cursor: null }),
      "GET /api/v1/groups": () => json({ items: [], next_cursor: null }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<Header />, { path: "/" });
    await waitFor(() => expect(router.sent("GET", "/api/v1/members/me")).toHaveLength(1));
    await waitFor(() => expect(router.sent("GET", "/api/v1/groups")).toHaveLength(1));
    expect(screen.queryByRole("link", { name: "Partner clinics" })).not.toBeInTheDocument();
  });
});
