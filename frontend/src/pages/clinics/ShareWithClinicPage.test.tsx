import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { todayInZone } from "../../lib/zonedTime";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { addMonths } from "./consentForm";
import type { Consent } from "./queries";
import { ShareWithClinicPage } from "./ShareWithClinicPage";
import { clinic, consent, HARBOUR_ID, MEMBER_ME, OAK_ID } from "./testData";

beforeAll(() => configure({ asyncUtilTimeout: 5000 }));
afterEach(() => vi.unstubAllGlobals());

function setUp({ active = [] as Consent[], grant = (_: Request) => json(consent(), 201) as Response | Promise<Response>, route = "/account/clinics/share" } = {}) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json(MEMBER_ME),
    "GET /api/v1/clinics": () => json({ items: [clinic(), clinic({ id: OAK_ID, name: "Oak Tree Service", description: null, website: null })], next_cursor: null }),
    "GET /api/v1/members/me/consents": () => json({ items: active, next_cursor: null }),
    "POST /api/v1/members/me/consents": grant,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ShareWithClinicPage />, { path: "/account/clinics/share", route });
  return router;
}

describe("ShareWithClinicPage", () => {
  it("checks every answer before sending anything, and says what is missing beside each field", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Agree and start sharing" }));

    expect(screen.getByRole("alert")).toHaveTextContent("Some answers need another look");
    expect(screen.getByLabelText("Clinic")).toHaveAccessibleDescription(/Choose the clinic you want to share with\./);
    expect(screen.getByRole("group", { name: "What can they see?" })).toHaveAccessibleDescription(/Tick at least one thing to share\./);
    expect(screen.getByLabelText("What is it for?")).toHaveAccessibleDescription(/at least 5 characters/);
    expect(screen.getByLabelText("I understand I can withdraw this at any time")).toHaveAccessibleDescription(
      /Tick this to show you know you can stop sharing at any time\./,
    );
    await waitFor(() => expect(screen.getByLabelText("Clinic")).toHaveFocus());
    expect(router.sent("POST", "/api/v1/members/me/consents")).toHaveLength(0);
  });

  it("explains each scope, defaults to six months, and sends the member's terms", async () => {
    const router = setUp();
    const user = userEvent.setup();
    const today = todayInZone("Europe/London");
    expect(await screen.findByLabelText("Share until")).toHaveValue(addMonths(today, 6));
    expect(screen.getByLabelText("Your check-ins and questionnaire scores")).toHaveAccessibleDescription(/Never the private notes you write/);
    expect(screen.getByLabelText("Your profile")).toHaveAccessibleDescription(/display name, pronouns, time zone and recovery start date/);
    expect(screen.getByText(/Who shares it:/).parentElement).toHaveTextContent("Who shares it: Peerway, on your behalf.");

    await user.selectOptions(await screen.findByLabelText("Clinic"), "Harbour Clinic");
    expect(screen.getByText("NHS-commissioned addiction service.")).toBeInTheDocument();
    await user.click(screen.getByLabelText("Your profile"));
    await user.click(screen.getByLabelText("Your check-ins and questionnaire scores"));
    await user.type(screen.getByLabelText("What is it for?"), "So my key worker can see how I am doing");
    await user.clear(screen.getByLabelText("Share until"));
    await user.type(screen.getByLabelText("Share until"), "2027-05-25");
    await user.type(screen.getByLabelText(/Or stop earlier, when/), "when my treatment ends");
    expect(screen.getByText(/^Harbour Clinic can see/)).toHaveTextContent(
      "Harbour Clinic can see your check-ins and questionnaire scores, and your profile, until 25 May 2027 (or earlier: when my treatment ends).",
    );
    await user.click(screen.getByLabelText("I understand I can withdraw this at any time"));
    await user.click(screen.getByRole("button", { name: "Agree and start sharing" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/account/clinics");
    const [request] = router.sent("POST", "/api/v1/members/me/consents");
    expect(request!.headers.get("Idempotency-Key")).toBeTruthy();
    expect(await request!.json()).toEqual({
      clinic_id: HARBOUR_ID,
      scopes: ["checkins:read", "members:read"],
      purpose: "So my key worker can see how I am doing",
      expires_at: "2027-05-25T23:59:00+01:00",
      expiry_event: "when my treatment ends",
      right_to_revoke_acknowledged: true,
    });
  });

  it("shows the API's messages beside the fields they are about", async () => {
    setUp({
      route: `/account/clinics/share?clinic=${HARBOUR_ID}`,
      grant: () => problem(422, "The request has invalid fields.", { expires_at: ["A consent lasts at most 730 days; renew it later."] }),
    });
    const user = userEvent.setup();
    await screen.findByRole("option", { name: "Harbour Clinic" });
    expect(screen.getByLabelText("Clinic")).toHaveValue(HARBOUR_ID);
    await user.click(screen.getByLabelText("Sessions you booked and went to"));
    await user.type(screen.getByLabelText("What is it for?"), "Plan my care");
    await user.click(screen.getByLabelText("I understand I can withdraw this at any time"));
    await user.click(screen.getByRole("button", { name: "Agree and start sharing" }));

    const until = screen.getByLabelText("Share until");
    expect(await screen.findByText("A consent lasts at most 730 days; renew it later.")).toBeInTheDocument();
    expect(until).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("Some answers need another look");
  });

  it("says when sharing again replaces an earlier consent to the same clinic", async () => {
    setUp({ active: [consent()], route: `/account/clinics/share?clinic=${HARBOUR_ID}` });
    expect(await screen.findByText("You already share with Harbour Clinic. Agreeing here replaces what you agreed before.")).toBeInTheDocument();
    const scopes = screen.getByRole("group", { name: "What can they see?" });
    expect(within(scopes).getAllByRole("checkbox")).toHaveLength(4);
  });
});
