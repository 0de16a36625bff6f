import { configure, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { ReferMemberPage } from "./ReferMemberPage";
import { COACH, MEMBER, referral, resource } from "./testData";

// The suite shares two cores: give the first render (profile, entry, members) time to settle.
beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const ID = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a";

function setUp(coached: unknown[]) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: COACH.id, role: "coach", time_zone: "Europe/London", display_name: "Sage" }),
    [`GET /api/v1/resources/${ID}`]: () => json(resource(), 200, { ETag: '"v1"' }),
    "GET /api/v1/coaching-relationships": () => json({ items: coached, next_cursor: null }),
    "POST /api/v1/referrals": () => json(referral(), 201),
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ReferMemberPage />, { path: "/resources/:resourceId/refer", route: `/resources/${ID}/refer` });
  return router;
}

describe("ReferMemberPage", () => {
  it("refers one of my coached members with a note and a follow-up date", async () => {
    const router = setUp([{ id: "rel1", status: "active", member: MEMBER, coach: COACH }]);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Member"), "Wren");
    await user.type(screen.getByLabelText(/Note for them/), "They run an evening group near you.");
    await user.type(screen.getByLabelText(/Follow up by/), "2099-03-01");
    await user.click(screen.getByRole("button", { name: "Send referral" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/resources/referrals");
    const [request] = router.sent("POST", "/api/v1/referrals");
    expect(request!.headers.get("Idempotency-Key")).toBeTruthy();
    expect(await request!.json()).toEqual({
      member_id: MEMBER.id,
      resource_id: ID,
      note: "They run an evening group near you.",
      follow_up_on: "2099-03-01",
    });
    const [members] = router.sent("GET", "/api/v1/coaching-relationships");
    expect(Object.fromEntries(new URL(members!.url).searchParams)).toMatchObject({ as_coach: "true", status: "active" });
  });

  it("asks who before sending anything", async () => {
    const router = setUp([{ id: "rel1", status: "active", member: MEMBER, coach: COACH }]);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Send referral" }));
    expect(await screen.findByText("Choose who you are referring.")).toBeInTheDocument();
    expect(router.sent("POST", "/api/v1/referrals")).toHaveLength(0);
  });

  it("explains when I am not coaching anyone", async () => {
    setUp([]);
    expect(await screen.findByText(/You aren't coaching anyone right now/)).toBeInTheDocument();
  });
});
