import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { authorLabel, canReport } from "./MessageItem";
import { MessagesPage } from "./MessagesPage";

const RELATIONSHIP = "5d1c2b3a-0000-4a6b-8c7d-000000000001";
const ME = { id: "me-0000", display_name: "Wren", badges: [], bio: null, pronouns: null };
const ASH = { id: "ash-0000", display_name: "Ash", badges: ["peer_coach"], bio: null, pronouns: null };
const WHEN = "2026-12-03T18:30:00+00:00";

function relationship(coach: typeof ASH | null, status = "active") {
  return {
    id: RELATIONSHIP,
    member: ME,
    coach,
    status,
    initiated_by: "member",
    started_at: WHEN,
    ended_at: status === "ended" ? WHEN : null,
    last_check_in_at: null,
    last_risk_at: null,
    unread_messages: 0,
    created_at: WHEN,
  };
}

function message(id: string, fields: Record<string, unknown>) {
  return {
    id,
    author_role: "member",
    is_mine: true,
    author: ME,
    author_left: false,
    body: `Body of ${id}`,
    resource: null,
    shows_risk_signs: false,
    created_at: WHEN,
    read_at: null,
    ...fields,
  };
}

function setUp(coach: typeof ASH | null, items: ReturnType<typeof message>[], closedReason: string | null = null) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ ...ME, email: "w@example.org", role: "member", time_zone: "Europe/London" }),
    "GET /api/v1/coaching-relationships": () =>
      json({ items: [relationship(coach, closedReason ? "ended" : "active")], next_cursor: null }),
    [`GET /api/v1/coaching-relationships/${RELATIONSHIP}/messages`]: () =>
      json({ items, next_cursor: null, relationship_id: RELATIONSHIP, can_write: closedReason === null, closed_reason: closedReason }),
    [`POST /api/v1/coaching-relationships/${RELATIONSHIP}/messages/read`]: () => json({ marked_read: 1, unread_count: 0 }),
    "POST /api/v1/reports": () => json({ id: "r1", status: "open", created_at: WHEN }, 201),
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<MessagesPage />, {
    path: "/coaching/relationships/:relationshipId/messages",
    route: `/coaching/relationships/${RELATIONSHIP}/messages`,
  });
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
  tokenStore.clear();
});

describe("a message's author and whether it can be reported", () => {
  it("names a coach who closed their account, and offers no report on removed or own messages", () => {
    const left = { is_mine: false, author: null, author_role: "coach" as const, author_left: true };
    expect(authorLabel(left)).toBe("Your former coach (account closed)");
    expect(authorLabel({ ...left, author_left: false })).toBe("Your coach");
    expect(authorLabel({ is_mine: true, author: ME, author_role: "member", author_left: false })).toBe("You");
    expect(canReport(left)).toBe(false);
    expect(canReport({ is_mine: true, author_left: false })).toBe(false);
    expect(canReport({ is_mine: false, author_left: false })).toBe(true);
  });
});

describe("MessagesPage", () => {
  it("offers a quiet Report on each of the coach's messages, sending the message's id", async () => {
    const router = setUp(ASH, [
      message("m2", { author_role: "coach", is_mine: false, author: ASH, body: "How was the walk?" }),
      message("m1", { body: "Hello Ash" }),
    ]);
    const user = userEvent.setup();
    const list = await screen.findByRole("list", { name: "Messages" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2));
    expect(await screen.findByRole("heading", { name: "Messages with Ash" })).toBeInTheDocument();

    const [mine, theirs] = within(list).getAllByRole("listitem");
    expect(within(mine!).queryByRole("button", { name: "Report" })).not.toBeInTheDocument();
    await user.click(within(theirs!).getByRole("button", { name: "Report" }));

    const dialog = screen.getByRole("dialog", { name: "Report a concern" });
    await user.click(within(dialog).getByRole("radio", { name: "Spam or selling" }));
    await user.type(within(dialog).getByLabelText("What happened?"), "Kept sending me shop links");
    await user.click(within(dialog).getByRole("button", { name: "Send report" }));

    await waitFor(() => expect(router.sent("POST", "/api/v1/reports")).toHaveLength(1));
    expect(await router.sent("POST", "/api/v1/reports")[0]!.json()).toEqual({
      category: "spam",
      text: "Kept sending me shop links",
      message_id: "m2",
    });
  });

  it("keeps the history when the coach closed their account, read-only and named as such", async () => {
    setUp(
      null,
      [message("m2", { author_role: "coach", is_mine: false, author: null, author_left: true, body: null }), message("m1", {})],
      "ended",
    );
    expect(await screen.findByRole("heading", { name: "Messages with your former coach (account closed)" })).toBeInTheDocument();
    const list = screen.getByRole("list", { name: "Messages" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2));
    const [, theirs] = within(list).getAllByRole("listitem");
    expect(within(theirs!).getByText("Your former coach (account closed)")).toBeInTheDocument();
    expect(within(theirs!).getByText("Removed when its author left Peerway.")).toBeInTheDocument();
    expect(within(theirs!).queryByRole("button", { name: "Report" })).not.toBeInTheDocument();
    expect(await screen.findByText(/closed their account, so their messages were removed/)).toHaveTextContent(/no new ones can be sent/);
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
  });
});
