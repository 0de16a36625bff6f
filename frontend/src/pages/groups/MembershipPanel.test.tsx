import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { groupDetail } from "../../test/fixtures";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { MembershipPanel } from "./MembershipPanel";

function setUp(group: ReturnType<typeof groupDetail>, join = () => json({ status: "active" }, 201)) {
  tokenStore.set({ access: "a", refresh: "r" });
  const path = `/api/v1/groups/${group.id}`;
  const router = fetchRouter({
    [`GET ${path}/guidelines`]: () => json({ version: 3, text: "Speak from your own experience.", created_at: "" }),
    [`POST ${path}/memberships`]: join,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<MembershipPanel group={group} joining onJoiningChange={() => undefined} />, { path: "/groups/:id", route: `/groups/${group.id}` });
  return { router, path };
}

describe("MembershipPanel", () => {
  it("joins only after the guidelines are accepted, sending their version", async () => {
    const { router, path } = setUp(groupDetail({ guidelines_version: 3 }));
    const user = userEvent.setup();
    expect(await screen.findByText("Speak from your own experience.")).toBeInTheDocument();
    const join = screen.getByRole("button", { name: "Join the group" });
    expect(join).toBeDisabled();
    await user.click(screen.getByLabelText("I have read and accept the guidelines"));
    await user.click(join);

    await waitFor(() => expect(router.sent("POST", `${path}/memberships`)).toHaveLength(1));
    expect(await router.sent("POST", `${path}/memberships`)[0]!.json()).toEqual({ accepted_guidelines_version: 3 });
  });

  it("asks for an invitation code for invite-only groups and shows a refusal beside it", async () => {
    const { router, path } = setUp(groupDetail({ join_policy: "invite" }), () =>
      problem(403, "This invitation code is not valid, used up or expired."),
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Invitation code"), "abc123-def456");
    await user.click(screen.getByLabelText("I have read and accept the guidelines"));
    await user.click(screen.getByRole("button", { name: "Join the group" }));

    const code = screen.getByLabelText("Invitation code");
    await waitFor(() => expect(code).toHaveAttribute("aria-invalid", "true"));
    expect(code).toHaveAccessibleDescription(/not valid, used up or expired/);
    expect(await router.sent("POST", `${path}/memberships`)[0]!.json()).toEqual({
      accepted_guidelines_version: 3,
      invitation_code: "abc123-def456",
    });
  });

  it("shows a pending request calmly", () => {
    setUp(groupDetail({ join_policy: "approval", my_membership: { status: "pending", role: "member", is_muted: false, accepted_guidelines_version: 1 } }));
    expect(screen.getByRole("heading", { name: "Your request is with the facilitators" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Withdraw my request" })).toBeInTheDocument();
  });
});
