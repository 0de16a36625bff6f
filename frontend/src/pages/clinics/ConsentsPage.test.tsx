import { configure, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { ConsentsPage } from "./ConsentsPage";
import type { Consent } from "./queries";
import { consent, MEMBER_ME } from "./testData";

beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const ACTIVE = consent();
const PROPOSED = consent({
  id: "c0c0c0c0-0000-4000-8000-000000000002",
  clinic: { id: "c2", name: "Oak Tree Service", website: null },
  status: "proposed",
  scopes: ["attendance:read"],
  purpose: "Follow your progress between appointments",
  signed_at: null,
  expiry_event: null,
  from_referral: true,
  referral_message: "We'd like to support you alongside your peer group.",
});
const ENDED = consent({
  id: "c0c0c0c0-0000-4000-8000-000000000003",
  clinic: { id: "c3", name: "Riverside Practice", website: null },
  status: "revoked",
  revoked_at: "2026-12-01T09:00:00+00:00",
});

function setUp(items: Consent[], revoke: () => Response = () => json({ ...ACTIVE, status: "revoked", revoked_at: "2026-12-02T09:00:00+00:00" })) {
  tokenStore.set({ access: "a", refresh: "r" });
  let current = items;
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json(MEMBER_ME),
    "GET /api/v1/members/me/consents": () => json({ items: current, next_cursor: null }),
    [`DELETE /api/v1/members/me/consents/${ACTIVE.id}`]: () => {
      const response = revoke();
      if (response.ok) current = current.map((item) => (item.id === ACTIVE.id ? { ...item, status: "revoked" as const, revoked_at: "2026-12-02T09:00:00+00:00" } : item));
      return response;
    },
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ConsentsPage />, { path: "/account/clinics" });
  return router;
}

describe("ConsentsPage", () => {
  it("groups consents and says each in plain words", async () => {
    setUp([PROPOSED, ACTIVE, ENDED]);
    expect(await screen.findByRole("heading", { level: 1, name: "Sharing with clinics" })).toBeInTheDocument();
    const waiting = await screen.findByRole("region", { name: /Waiting for your answer/ });
    const sharing = screen.getByRole("region", { name: /Sharing now/ });
    const ended = screen.getByRole("region", { name: /Ended/ });

    expect(within(waiting).getByText("Oak Tree Service asks to see which sessions you booked and went to", { exact: false })).toBeInTheDocument();
    expect(within(waiting).getByText("We'd like to support you alongside your peer group.")).toBeInTheDocument();
    expect(within(waiting).getByRole("link", { name: /Review and answer/ })).toHaveAttribute("href", `/account/clinics/review/${PROPOSED.id}`);

    expect(
      within(sharing).getByText(
        "Harbour Clinic can see your check-ins and questionnaire scores, and your profile, until 25 May 2027 (or earlier: when my treatment ends).",
      ),
    ).toBeInTheDocument();
    expect(within(sharing).getByText(/You agreed on 25 November 2026\. Shared by Peerway, on your behalf\./)).toBeInTheDocument();
    expect(within(sharing).getByText(/Purpose:/).parentElement).toHaveTextContent("So my key worker can follow my progress");

    expect(within(ended).getByText(/Sharing stopped on 1 December 2026/)).toBeInTheDocument();
    expect(within(ended).getByRole("link", { name: /Share again with Riverside Practice/ })).toHaveAttribute("href", "/account/clinics/share?clinic=c3");
    expect(screen.getByRole("link", { name: "See when a clinic looked" })).toHaveAttribute("href", "/account/access-log");
  });

  it("stops sharing only after a confirmation that says it is immediate", async () => {
    const router = setUp([ACTIVE]);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Stop sharing with Harbour Clinic/ }));
    const dialog = screen.getByRole("dialog", { name: "Stop sharing with Harbour Clinic?" });
    expect(dialog).toHaveTextContent("This takes effect immediately.");
    expect(within(dialog).getByRole("button", { name: "Keep sharing" })).toHaveFocus();
    expect(router.sent("DELETE", `/api/v1/members/me/consents/${ACTIVE.id}`)).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Stop sharing" }));
    expect(await screen.findByRole("status")).toHaveTextContent("You stopped sharing with Harbour Clinic.");
    expect(router.sent("DELETE", `/api/v1/members/me/consents/${ACTIVE.id}`)).toHaveLength(1);
    const ended = await screen.findByRole("region", { name: /Ended/ });
    expect(within(ended).getByText(/Harbour Clinic could see/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: /Sharing now/ })).not.toBeInTheDocument();
  });

  it("keeps the dialog open with the reason when stopping fails", async () => {
    setUp([ACTIVE], () => problem(409, "This consent is no longer in force."));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /Stop sharing with Harbour Clinic/ }));
    const dialog = screen.getByRole("dialog", { name: "Stop sharing with Harbour Clinic?" });
    await user.click(within(dialog).getByRole("button", { name: "Stop sharing" }));
    expect(await within(dialog).findByText("This consent is no longer in force.")).toBeInTheDocument();
  });

  it("explains sharing when there is nothing yet", async () => {
    setUp([]);
    expect(await screen.findByRole("heading", { name: "You are not sharing with any clinic" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Share with a clinic" })).toHaveAttribute("href", "/account/clinics/share");
  });
});
