import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { formatDate } from "../../lib/dates";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import type { Referral } from "./referrals";
import { ReferralsPage } from "./ReferralsPage";
import { referral, resource } from "./testData";

// The suite shares two cores: give the first render (profile and list requests) time to settle.
beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const ID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";

function setUp(route: string, lists: { mine?: Referral[]; overdue?: Referral[]; made?: Referral[] }, patch?: (body: Record<string, unknown>) => Response) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "m1", role: "coach", time_zone: "Europe/London", display_name: "Sage" }),
    "GET /api/v1/referrals": (request) => {
      const params = new URL(request.url).searchParams;
      const items = params.get("overdue") ? lists.overdue : params.get("made_by_me") ? lists.made : lists.mine;
      return json({ items: items ?? [], next_cursor: null });
    },
    [`PATCH /api/v1/referrals/${ID}`]: async (request) => {
      const body = (await request.json()) as Record<string, unknown>;
      return patch ? patch(body) : json(referral({ ...body }));
    },
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ReferralsPage />, { path: "/resources/referrals", route });
  return router;
}

async function patchBodies(router: ReturnType<typeof fetchRouter>) {
  return Promise.all(router.sent("PATCH", `/api/v1/referrals/${ID}`).map((request) => request.json()));
}

describe("ReferralsPage for the member", () => {
  it("shows the resource, the coach's note and the status", async () => {
    setUp("/resources/referrals", { mine: [referral()] });
    expect(await screen.findByRole("link", { name: "Samaritans" })).toBeInTheDocument();
    expect(screen.getByText("A note from Sage:")).toBeInTheDocument();
    expect(screen.getByText("They run an evening group near you.")).toBeInTheDocument();
    expect(screen.getByText("Suggested", { selector: "strong" })).toBeInTheDocument();
  });

  it("marks a referral as contacted", async () => {
    const router = setUp("/resources/referrals", { mine: [referral()] });
    await userEvent.setup().click(await screen.findByRole("button", { name: "Mark as contacted" }));
    expect(await screen.findByText(/Well done for reaching out/)).toBeInTheDocument();
    expect(await patchBodies(router)).toEqual([{ status: "contacted" }]);
  });

  it("asks why before marking not suitable, and shows the API's message beside the reason", async () => {
    const router = setUp("/resources/referrals", { mine: [referral({ status: "contacted" })] }, (body) =>
      body.reason ? json(referral({ status: "not_suitable", reason: String(body.reason) })) : problem(422, "Check the fields.", { reason: ["Say briefly why it was not suitable."] }),
    );
    const user = userEvent.setup();
    expect(screen.queryByRole("button", { name: "Mark as contacted" })).not.toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Not suitable…" }));
    await user.click(screen.getByRole("button", { name: "Save: not suitable" }));
    expect(await screen.findByText("Say briefly why it was not suitable.")).toBeInTheDocument();
    expect(screen.getByLabelText("What didn't fit?")).toHaveAttribute("aria-invalid", "true");

    await user.type(screen.getByLabelText("What didn't fit?"), "Too far to travel.");
    await user.click(screen.getByRole("button", { name: "Save: not suitable" }));
    expect(await screen.findByText(/Your coach will see why/)).toBeInTheDocument();
    expect(await patchBodies(router)).toEqual([
      { status: "not_suitable", reason: "" },
      { status: "not_suitable", reason: "Too far to travel." },
    ]);
  });
});

describe("ReferralsPage for the coach", () => {
  const due = referral({ is_overdue: true, follow_up_on: "2026-01-05", resource: resource({ id: "r-due", name: "GamCare" }) });
  const later = referral({ id: "other", follow_up_on: "2099-01-05", status: "contacted" });

  it("puts due follow-ups first, highlighted, and does not repeat them below", async () => {
    setUp("/resources/referrals?made_by_me=true", { overdue: [due], made: [later, due] });
    const dueSection = (await screen.findByRole("heading", { name: "Follow-ups due" })).closest("section")!;
    const dueCard = (await within(dueSection).findByRole("link", { name: "GamCare" })).closest("li")!;
    expect(dueCard).toHaveClass("referral--overdue");
    expect(within(dueCard).getByText(`Follow-up was due ${formatDate("2026-01-05")}`)).toBeInTheDocument();
    const allSection = screen.getByRole("heading", { name: "All my referrals" }).closest("section")!;
    expect(await within(allSection).findByRole("link", { name: "Samaritans" })).toBeInTheDocument();
    expect(within(allSection).queryByRole("link", { name: "GamCare" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Referrals I made");
  });

  it("moves the follow-up date", async () => {
    const router = setUp("/resources/referrals?made_by_me=true", { overdue: [], made: [referral({ follow_up_on: "2099-01-05" })] });
    const user = userEvent.setup();
    const input = await screen.findByLabelText("Follow-up date");
    await user.clear(input);
    await user.type(input, "2099-02-10");
    await user.click(screen.getByRole("button", { name: "Move follow-up date" }));
    expect(await screen.findByText(`Follow-up moved to ${formatDate("2099-02-10")}.`)).toBeInTheDocument();
    await waitFor(async () => expect(await patchBodies(router)).toEqual([{ follow_up_on: "2099-02-10" }]));
  });
});
