import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { Header } from "../../components/Header";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { ModerationPage } from "./ModerationPage";
import type { Report } from "./queries";

const GROUP = "0b1c2d3e-0000-4000-8000-000000000001";
const ASH = { id: "ash-0000", display_name: "Ash", badges: [], bio: null, pronouns: null };

function report(overrides: Partial<Report> = {}): Report {
  return {
    id: "r1r1r1r1-0000-4000-8000-000000000001",
    category: "dominating",
    text: "Kept talking over newcomers.",
    subject: ASH,
    group_id: GROUP,
    session_id: null,
    status: "open",
    created_at: "2026-11-25T10:00:00+00:00",
    handled_at: null,
    resolution: null,
    post_id: null,
    message_id: null,
    ...overrides,
  };
}

function setUp(role: string, decide: () => Response = () => json(report({ status: "actioned" }))) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "me", display_name: "Rowan", role, email: "r@example.org" }),
    "GET /api/v1/reports": () => json({ items: [report()], next_cursor: null }),
    [`GET /api/v1/groups/${GROUP}`]: () => json({ id: GROUP, name: "Tuesday Circle" }),
    [`PATCH /api/v1/reports/${report().id}`]: decide,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ModerationPage />, { path: "/moderation" });
  return router;
}

describe("ModerationPage", () => {
  it("shows who a report is about and where, and mutes only after a confirmation", async () => {
    const router = setUp("facilitator");
    const user = userEvent.setup();
    const card = (await screen.findByText("Kept talking over newcomers.")).closest("li")!;
    expect(within(card).getByRole("heading", { name: /Not letting others share · about Ash/ })).toBeInTheDocument();
    expect(await within(card).findByRole("link", { name: "Tuesday Circle" })).toHaveAttribute("href", `/groups/${GROUP}`);
    // Facilitators cannot suspend accounts.
    expect(within(card).queryByRole("radio", { name: /Suspend/ })).not.toBeInTheDocument();

    await user.click(within(card).getByRole("radio", { name: "Mute in this group" }));
    await user.clear(within(card).getByLabelText("For how many days?"));
    await user.type(within(card).getByLabelText("For how many days?"), "7");
    await user.click(within(card).getByRole("button", { name: "Review decision…" }));
    expect(within(card).getByLabelText("Reason")).toHaveAccessibleDescription(/Give the member a reason/);

    await user.type(within(card).getByLabelText("Reason"), "Please let others finish; muted for a week.");
    await user.click(within(card).getByRole("button", { name: "Review decision…" }));
    const dialog = screen.getByRole("dialog", { name: "Check your decision" });
    expect(dialog).toHaveTextContent("Ash will be muted in this group for 7 days.");
    expect(router.sent("PATCH", `/api/v1/reports/${report().id}`)).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Mute them" }));

    await waitFor(() => expect(router.sent("PATCH", `/api/v1/reports/${report().id}`)).toHaveLength(1));
    expect(await router.sent("PATCH", `/api/v1/reports/${report().id}`)[0]!.json()).toEqual({
      action: "mute",
      reason: "Please let others finish; muted for a week.",
      mute_days: 7,
    });
    expect(await screen.findByText("Done: Ash is muted in the group for 7 days.")).toBeInTheDocument();
  });

  it("says so when someone else handled the report first", async () => {
    setUp("admin", () => problem(409, "This report has already been handled."));
    const user = userEvent.setup();
    const card = (await screen.findByText("Kept talking over newcomers.")).closest("li")!;
    await waitFor(() => expect(within(card).getByRole("radio", { name: /Suspend the account/ })).toBeInTheDocument());
    await user.click(within(card).getByRole("radio", { name: "Send a warning" }));
    await user.type(within(card).getByLabelText("Reason"), "Please be gentle with newcomers.");
    await user.click(within(card).getByRole("button", { name: "Review decision…" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Send the warning" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent("This report has already been handled.");
  });
});

describe("Header: Moderation link", () => {
  function header(role: string, groups: unknown[] = []) {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me": () => json({ id: "me", display_name: "Rowan", role, email: "r@example.org" }),
      "GET /api/v1/groups": () => json({ items: groups, next_cursor: null }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<Header />, { path: "/" });
    fireEvent.click(screen.getByRole("button", { name: "Account" })); // the link is in the Account menu
    return router;
  }

  it("is there for admins and facilitators, without reading their groups", async () => {
    const router = header("admin");
    expect(await screen.findByRole("link", { name: "Moderation" })).toHaveAttribute("href", "/moderation");
    expect(router.sent("GET", "/api/v1/groups")).toHaveLength(0);
  });

  it("is there for a member who co-facilitates a group", async () => {
    header("member", [{ id: GROUP, my_membership: { role: "facilitator", status: "active" } }]);
    expect(await screen.findByRole("link", { name: "Moderation" })).toBeInTheDocument();
  });

  it("is not there for other members", async () => {
    const router = header("member", [{ id: GROUP, my_membership: { role: "member", status: "active" } }]);
    await waitFor(() => expect(router.sent("GET", "/api/v1/groups")).toHaveLength(1));
    expect(screen.queryByRole("link", { name: "Moderation" })).not.toBeInTheDocument();
  });
});
