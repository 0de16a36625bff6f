import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { ReviewProposalPage } from "./ReviewProposalPage";
import { consent, HARBOUR_ID, MEMBER_ME } from "./testData";

beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const PROPOSAL = consent({
  id: "c0c0c0c0-0000-4000-8000-00000000000a",
  status: "proposed",
  scopes: ["members:read", "checkins:read", "plans:read"],
  purpose: "Follow your progress between appointments",
  expires_at: "2027-05-25T10:00:00+00:00",
  expiry_event: null,
  signed_at: null,
  from_referral: true,
  referral_message: "We'd like to support you alongside your peer group.",
});

function setUp(proposals = [PROPOSAL]) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json(MEMBER_ME),
    "GET /api/v1/members/me/consents": (request) => {
      const status = new URL(request.url).searchParams.get("status");
      return json({ items: status === "proposed" ? proposals : [], next_cursor: null });
    },
    "POST /api/v1/members/me/consents": () => json({ ...PROPOSAL, status: "active", signed_at: "2026-11-26T10:00:00+00:00" }, 201),
    [`DELETE /api/v1/members/me/consents/${PROPOSAL.id}`]: () => json({ ...PROPOSAL, status: "declined" }),
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ReviewProposalPage />, { path: "/account/clinics/review/:consentId", route: `/account/clinics/review/${PROPOSAL.id}` });
  return router;
}

describe("ReviewProposalPage", () => {
  it("shows the clinic's message and terms, and agrees to fewer scopes than proposed", async () => {
    const router = setUp();
    const user = userEvent.setup();
    expect(await screen.findByRole("heading", { level: 1, name: "Harbour Clinic asks to see some of your information" })).toBeInTheDocument();
    const asked = screen.getByRole("region", { name: "What they asked" });
    expect(within(asked).getByText("We'd like to support you alongside your peer group.")).toBeInTheDocument();
    expect(within(asked).getByText(/Harbour Clinic asks to see your check-ins and questionnaire scores, your coaching plans and goals, and your profile, until 25 May 2027\./)).toBeInTheDocument();
    expect(screen.getByText("Follow your progress between appointments")).toBeInTheDocument();

    // Only what the clinic asked for is offered, all ticked to start with.
    const scopes = screen.getByRole("group", { name: "What can they see?" });
    expect(within(scopes).getAllByRole("checkbox").map((box) => (box as HTMLInputElement).checked)).toEqual([true, true, true]);
    expect(within(scopes).queryByLabelText("Sessions you booked and went to")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Clinic")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Share until")).toHaveValue("2027-05-25");

    await user.click(within(scopes).getByLabelText("Your coaching plans and goals"));
    await user.click(within(scopes).getByLabelText("Your profile"));
    await user.click(screen.getByRole("button", { name: "Agree and start sharing" }));
    await waitFor(() => expect(screen.getByLabelText("I understand I can withdraw this at any time")).toHaveFocus());
    expect(router.sent("POST", "/api/v1/members/me/consents")).toHaveLength(0);

    await user.click(screen.getByLabelText("I understand I can withdraw this at any time"));
    await user.click(screen.getByRole("button", { name: "Agree and start sharing" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/account/clinics");
    const [request] = router.sent("POST", "/api/v1/members/me/consents");
    expect(await request!.json()).toMatchObject({
      clinic_id: HARBOUR_ID,
      proposal_id: PROPOSAL.id,
      scopes: ["checkins:read"],
      purpose: "Follow your progress between appointments",
      expires_at: "2027-05-25T23:59:00+01:00",
      right_to_revoke_acknowledged: true,
    });
  });

  it("says no after a confirmation, sharing nothing", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Say no…" }));
    const dialog = screen.getByRole("dialog", { name: "Say no to Harbour Clinic?" });
    expect(dialog).toHaveTextContent("Nothing will be shared with them.");
    await user.click(within(dialog).getByRole("button", { name: "Say no" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/account/clinics");
    expect(router.sent("DELETE", `/api/v1/members/me/consents/${PROPOSAL.id}`)).toHaveLength(1);
    expect(router.sent("POST", "/api/v1/members/me/consents")).toHaveLength(0);
  });

  it("explains when the request was already answered", async () => {
    setUp([]);
    expect(await screen.findByText("This request has already been answered, or it is no longer open.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("A clinic's request");
  });
});
