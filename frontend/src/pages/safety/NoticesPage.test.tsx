import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { NoticesPage } from "./NoticesPage";
import type { ModerationAction } from "./queries";

const GROUP = "0b1c2d3e-0000-4000-8000-000000000001";

function action(overrides: Partial<ModerationAction> = {}): ModerationAction {
  return {
    id: "a1a1a1a1-0000-4000-8000-000000000001",
    kind: "mute",
    reason: "Please let others finish before you speak.",
    group_id: GROUP,
    created_at: "2026-11-25T10:00:00+00:00",
    expires_at: "2026-12-02T10:00:00+00:00",
    appeal_status: null,
    appeal_text: null,
    appealed_at: null,
    appeal_decided_at: null,
    post_id: null,
    ...overrides,
  };
}

function setUp(actions: ModerationAction[], appeal: (request: Request) => Response | Promise<Response>) {
  tokenStore.set({ access: "a", refresh: "r" });
  let current = actions;
  const router = fetchRouter({
    "GET /api/v1/members/me/moderation": () => json({ items: current, next_cursor: null }),
    [`GET /api/v1/groups/${GROUP}`]: () => json({ id: GROUP, name: "Tuesday Circle" }),
    [`POST /api/v1/moderation-actions/${actions[0]!.id}/appeal`]: async (request) => {
      const response = await appeal(request);
      if (response.ok) current = [await response.clone().json()];
      return response;
    },
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<NoticesPage />, { path: "/account/notices" });
  return router;
}

describe("NoticesPage: appeal once", () => {
  it("shows the reason kindly, takes one appeal, then closes the form with an explanation", async () => {
    const router = setUp([action()], async (request) => {
      const { text } = (await request.json()) as { text: string };
      return json(action({ appeal_text: text, appealed_at: "2026-11-26T09:00:00+00:00", appeal_status: "pending" }));
    });
    const user = userEvent.setup();
    expect(await screen.findByRole("heading", { name: "You were muted in a group" })).toBeInTheDocument();
    expect(screen.getByText("Please let others finish before you speak.")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Tuesday Circle" })).toHaveAttribute("href", `/groups/${GROUP}`);

    const form = screen.getByRole("form", { name: "Appeal this decision" });
    const text = within(form).getByLabelText("Your appeal");
    await user.type(text, "Sorry");
    await user.click(within(form).getByRole("button", { name: "Send appeal" }));
    expect(text).toHaveAccessibleDescription(/at least 10 characters/);
    expect(router.sent("POST", `/api/v1/moderation-actions/${action().id}/appeal`)).toHaveLength(0);

    await user.type(text, ", I did not notice I was talking over people.");
    await user.click(within(form).getByRole("button", { name: "Send appeal" }));

    const sent = await screen.findByRole("form", { name: "Your appeal" });
    expect(within(sent).getByRole("status")).toHaveTextContent("Your appeal was sent.");
    expect(within(sent).getByText("Your appeal is waiting for a decision")).toBeInTheDocument();
    expect(within(sent).getByRole("button", { name: "Appeal sent" })).toBeDisabled();
    expect(within(sent).getByLabelText("Your appeal")).toHaveValue("Sorry, I did not notice I was talking over people.");
    expect(within(sent).getByRole("group")).toHaveAccessibleDescription(/can be appealed once/);
    expect(screen.queryByRole("button", { name: "Send appeal" })).not.toBeInTheDocument();
    const posts = router.sent("POST", `/api/v1/moderation-actions/${action().id}/appeal`);
    expect(posts).toHaveLength(1);
    expect(await posts[0]!.json()).toEqual({ text: "Sorry, I did not notice I was talking over people." });
  });

  it("offers no form for a decision already appealed, and shows where it stands", async () => {
    setUp(
      [action({ appeal_text: "I was upset that day.", appealed_at: "2026-11-26T09:00:00+00:00", appeal_status: "upheld", appeal_decided_at: "2026-11-27T09:00:00+00:00" })],
      () => problem(409, "You have already appealed this action."),
    );
    const sent = await screen.findByRole("form", { name: "Your appeal" });
    expect(within(sent).getByText("Your appeal was reviewed and the decision stands")).toBeInTheDocument();
    expect(within(sent).getByRole("button", { name: "Appeal sent" })).toBeDisabled();
    expect(within(sent).getByText(/You appealed on .*Each decision can be appealed once/)).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Appeal this decision" })).not.toBeInTheDocument();
  });

  it("closes the form if the API says this was already appealed (from another tab)", async () => {
    setUp([action()], () => problem(409, "You have already appealed this action."));
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Appeal this decision" });
    await user.type(within(form).getByLabelText("Your appeal"), "This was not fair to me at all.");
    await user.click(within(form).getByRole("button", { name: "Send appeal" }));
    const sent = await screen.findByRole("form", { name: "Your appeal" });
    expect(within(sent).getByRole("button", { name: "Appeal sent" })).toBeDisabled();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Send appeal" })).not.toBeInTheDocument());
  });

  it("says calmly when an account is suspended", async () => {
    setUp([action({ kind: "ban", group_id: null, expires_at: null })], () => problem(409, "x"));
    expect(await screen.findByRole("heading", { name: "Your account is suspended", level: 2 })).toBeInTheDocument();
  });
});
