import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { groupDetail, session } from "../../test/fixtures";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { RsvpPanel } from "./RsvpPanel";

const MEMBER = { status: "active", role: "member", is_muted: false, accepted_guidelines_version: 1 } as const;
const SESSION = session({ starts_at: "2099-07-06T18:00:00+00:00", ends_at: "2099-07-06T19:30:00+00:00" });
const GROUP_PATH = `/api/v1/groups/${SESSION.group.id}`;
const RSVP_PATH = `/api/v1/sessions/${SESSION.id}/rsvp`;

function render(routes: Parameters<typeof fetchRouter>[0], panelSession = SESSION) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter(routes);
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<RsvpPanel session={panelSession} />, { path: "/sessions/:id", route: `/sessions/${SESSION.id}` });
  return router;
}

describe("RsvpPanel", () => {
  it("offers the waitlist when the session is full and shows the position", async () => {
    const router = render({
      [`GET ${GROUP_PATH}`]: () => json(groupDetail({ my_membership: MEMBER })),
      [`PUT ${RSVP_PATH}`]: () => json({ id: "r1", status: "waitlisted", waitlist_position: 1, attendance: null, requested_at: "", session: SESSION }),
    });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Join the waitlist" }));
    expect(await screen.findByText(/you're on the waitlist \(position 1\)/)).toBeInTheDocument();
    expect(router.sent("PUT", RSVP_PATH)).toHaveLength(1);
  });

  it("shows position and the online link from the session's own RSVP", () => {
    render({ [`GET ${GROUP_PATH}`]: () => json(groupDetail({ my_membership: MEMBER })) }, {
      ...SESSION,
      my_rsvp: { status: "waitlisted", waitlist_position: 3, attendance: null },
    });
    expect(screen.getByText(/Waitlisted, position 3/)).toBeInTheDocument();
  });

  it("asks to accept changed guidelines, then books", async () => {
    let accepted = false;
    const router = render({
      [`GET ${GROUP_PATH}`]: () => json(groupDetail({ my_membership: MEMBER, guidelines_version: 1 })),
      [`GET ${GROUP_PATH}/guidelines`]: () => json({ version: 2, text: "Phones on silent, please.", created_at: "" }),
      [`PATCH ${GROUP_PATH}/memberships/me`]: () => {
        accepted = true;
        return json({ ...MEMBER, accepted_guidelines_version: 2 });
      },
      [`PUT ${RSVP_PATH}`]: () =>
        accepted
          ? json({ id: "r1", status: "confirmed", waitlist_position: null, attendance: null, requested_at: "", session: SESSION })
          : problem(409, "The group's guidelines changed.", { accepted_guidelines_version: ["Accept version 2 first."] }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Join the waitlist" }));
    expect(await screen.findByText("Phones on silent, please.")).toBeInTheDocument();
    const accept = screen.getByRole("button", { name: "Accept the new guidelines" });
    expect(accept).toBeDisabled();
    await user.click(screen.getByLabelText(/I have read and accept the guidelines \(version 2\)/));
    await user.click(accept);

    await waitFor(() => expect(router.sent("PUT", RSVP_PATH)).toHaveLength(2));
    expect(await router.sent("PATCH", `${GROUP_PATH}/memberships/me`)[0]!.json()).toEqual({ accepted_guidelines_version: 2 });
  });

  it("sends people who are not members to the group first", async () => {
    render({ [`GET ${GROUP_PATH}`]: () => json(groupDetail()) });
    expect(await screen.findByRole("link", { name: "Join Tuesday Circle to book" })).toHaveAttribute("href", `/groups/${SESSION.group.id}`);
  });
});
