import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { json, requestOf } from "../../test/http";
import { renderPage } from "../../test/render";
import { MILESTONE_COPY, MilestonesCard, dayCountText, nextMilestoneText, startDateMessage } from "./MilestonesCard";

const PROFILE = {
  id: "3f0c2a9e-6a8e-4d4f-9a53-2f1d6c1b7e10",
  email: "river@example.org",
  display_name: "River",
  pronouns: null,
  bio: null,
  legal_name: null,
  badges: [],
  role: "member",
  time_zone: "Europe/London",
  recovery_start_date: "2026-01-15",
  show_recovery_counter: true,
  notification_prefs: {},
  created_at: "2026-01-01T10:00:00+00:00",
  updated_at: "2026-01-01T10:00:00+00:00",
};

const SHOWN = {
  start_date: "2026-01-15",
  shown: true,
  days: 100,
  reached: [
    { label: "24 hours", date: "2026-01-16" },
    { label: "30 days", date: "2026-02-14" },
    { label: "60 days", date: "2026-03-16" },
    { label: "90 days", date: "2026-04-15" },
  ],
  next: { label: "6 months", date: "2026-07-15", days_to_go: 81 },
};

function stubApi(milestones: unknown[]) {
  tokenStore.set({ access: "a", refresh: "r" }); // the card lives on the signed-in profile page
  const patches: Request[] = [];
  let reads = 0;
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = requestOf(input);
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/members/me/milestones") {
      const body = milestones[Math.min(reads, milestones.length - 1)];
      reads += 1;
      return json(body);
    }
    if (path === "/api/v1/members/me" && request.method === "PATCH") {
      patches.push(request.clone());
      const changes = JSON.parse(typeof init?.body === "string" ? init.body : await request.text()) as object;
      return json({ ...PROFILE, ...changes }, 200, { ETag: '"v2"' });
    }
    if (path === "/api/v1/members/me") return json(PROFILE, 200, { ETag: '"v1"' });
    return json({}, 404);
  });
  vi.stubGlobal("fetch", fetchMock);
  return patches;
}

describe("milestone copy", () => {
  it("counts days kindly, from day one", () => {
    expect(dayCountText(0)).toBe("Day one");
    expect(dayCountText(1)).toBe("1 day");
    expect(dayCountText(45)).toBe("45 days");
    expect(dayCountText(1234)).toBe("1,234 days");
  });

  it("names the next milestone with the days to go", () => {
    expect(nextMilestoneText({ label: "90 days", date: "2026-04-15", days_to_go: 12 })).toMatch(
      /^Next: 90 days on (15 April 2026|April 15, 2026), 12 days to go\.$/,
    );
    expect(nextMilestoneText({ label: "30 days", date: "2026-02-14", days_to_go: 1 })).toMatch(/, 1 day to go\.$/);
  });

  it("welcomes a first date, a new date and a removed date without judgement", () => {
    expect(startDateMessage(null, "2026-01-15")).toBe("Your start date is saved. Every day counts.");
    expect(startDateMessage("2026-01-15", "2026-05-01")).toBe("A new start date is set. Every day counts.");
    expect(startDateMessage("2026-01-15", null)).toBe(MILESTONE_COPY.dateRemoved);
  });

  it("never blames or shames", () => {
    for (const text of Object.values(MILESTONE_COPY)) {
      expect(text).not.toMatch(/fail|lost|los(e|ing) (your|the) streak|broke|slip|relapse|back to zero|start over from nothing|shame|sorry/i);
    }
  });
});

describe("MilestonesCard", () => {
  it("shows the days, the milestones reached and the next one", async () => {
    stubApi([SHOWN]);
    renderPage(<MilestonesCard />, { path: "/profile" });
    expect(await screen.findByText("100 days")).toBeInTheDocument();
    expect(screen.getByText(/^since (15 January 2026|January 15, 2026)$/)).toBeInTheDocument();
    const reached = screen.getByRole("list");
    expect(reached).toHaveTextContent(/24 hours.*30 days.*60 days.*90 days/);
    expect(screen.getByText(/^Next: 6 months on .*, 81 days to go\.$/)).toBeInTheDocument();
  });

  it("hides the counter when asked, keeping the date private", async () => {
    const patches = stubApi([SHOWN, { ...SHOWN, shown: false }]);
    renderPage(<MilestonesCard />, { path: "/profile" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Hide my day counter" }));

    expect(await screen.findByText(MILESTONE_COPY.hidden)).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your day counter is hidden.");
    expect(screen.queryByText("100 days")).not.toBeInTheDocument();
    expect(patches).toHaveLength(1);
    expect(await patches[0]!.json()).toEqual({ show_recovery_counter: false });
    expect(patches[0]!.headers.get("If-Match")).toBe('"v1"');
  });

  it("sets a new start date with kind words", async () => {
    const patches = stubApi([SHOWN, { ...SHOWN, start_date: "2026-04-20", days: 0, reached: [], next: { label: "24 hours", date: "2026-04-21", days_to_go: 1 } }]);
    renderPage(<MilestonesCard />, { path: "/profile" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Set a new start date" }));
    expect(screen.getByText(MILESTONE_COPY.newDateHint)).toBeInTheDocument();
    const input = screen.getByLabelText("New start date");
    await user.clear(input);
    await user.type(input, "2026-04-20");
    await user.click(screen.getByRole("button", { name: "Set the new date" }));

    expect(await screen.findByRole("status")).toHaveTextContent("A new start date is set. Every day counts.");
    expect(await screen.findByText("Day one")).toBeInTheDocument();
    expect(await patches[0]!.json()).toEqual({ recovery_start_date: "2026-04-20" });
  });

  it("invites a member without a date to add one, if they like", async () => {
    const patches = stubApi([{ start_date: null, shown: true, days: null, reached: [], next: null }, SHOWN]);
    renderPage(<MilestonesCard />, { path: "/profile" });
    expect(await screen.findByText(MILESTONE_COPY.noDate)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /day counter/ })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Recovery start date"), "2026-01-15");
    await user.click(screen.getByRole("button", { name: "Save my start date" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Your start date is saved. Every day counts.");
    expect(await patches[0]!.json()).toEqual({ recovery_start_date: "2026-01-15", show_recovery_counter: true });
  });
});
