import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { json, requestOf } from "../../test/http";
import { renderPage } from "../../test/render";
import { CheckInPage, checkInBody } from "./CheckInPage";

const MEMBER = { id: "m-1", display_name: "River", pronouns: null, bio: null, badges: [] };
const PLAN = {
  id: "p-1",
  member: MEMBER,
  title: "My first 90 days",
  focus_areas: [],
  status: "active",
  start_date: null,
  review_date: null,
  updated_by: null,
  created_at: "2026-11-25T10:00:00+00:00",
  updated_at: "2026-11-25T10:00:00+00:00",
};
const PROFILE = { ...MEMBER, email: "river@example.org", role: "member", time_zone: "Europe/London" };
const SAMARITANS = {
  region: "GB",
  name: "Samaritans",
  description: "Talk to someone about anything, day or night.",
  phone: "116 123",
  sms: null,
  sms_keyword: null,
  url: "https://www.samaritans.org",
  hours: "24/7",
  languages: ["en"],
  source_url: "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
  checked_on: "2026-11-25",
};

function stubApi(result: object) {
  tokenStore.set({ access: "a", refresh: "r" }); // check-ins are for signed-in members only
  const posted: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const request = requestOf(input);
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/members/me") return json(PROFILE, 200, { ETag: '"v1"' });
      if (path === "/api/v1/coaching-plans/p-1") return json(PLAN, 200, { ETag: '"p1"' });
      if (path === "/api/v1/coaching-plans/p-1/check-ins" && request.method === "POST") {
        posted.push(await request.json());
        expect(request.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
        return json(result, 201);
      }
      return json({}, 404);
    }),
  );
  return posted;
}

const NO_SCORES = { phq9: null, gad7: null, who5: null, barc10: null };

describe("checkInBody", () => {
  it("sends a note and sharing only when there is a note, and feels_safe only for yes or no", () => {
    const base = { mood: 6, craving: 2, note: "  ", noteShared: true, safe: "prefer_not" as const, finished: {} };
    expect(checkInBody(base)).toEqual({ mood: 6, craving: 2, note_shared: false });
    expect(checkInBody({ ...base, note: " A walk helped. ", safe: "no" })).toEqual({
      mood: 6,
      craving: 2,
      note: "A walk helped.",
      note_shared: true,
      feels_safe: false,
    });
    expect(checkInBody({ ...base, safe: "yes", finished: { who5: [3, 3, 2, 3, 4] } })).toEqual({
      mood: 6,
      craving: 2,
      note_shared: false,
      feels_safe: true,
      instruments: { who5: [3, 3, 2, 3, 4] },
    });
  });
});

describe("CheckInPage", () => {
  it("takes mood, craving, a private note and the PHQ-9, then shows crisis lines first and the scores", async () => {
    const posted = stubApi({
      id: "c-1",
      mood: 3,
      craving: 6,
      note: "Hard day.",
      note_shared: false,
      feels_safe: null,
      risk_flag: true,
      scores: { ...NO_SCORES, phq9: { total: 10, band: "moderate" } },
      created_at: "2026-11-25T10:00:00+00:00",
      crisis_resources: {
        region: "GB",
        emergency_number: "999",
        lines: [SAMARITANS],
        directory: { name: "Find A Helpline", url: "https://findahelpline.com", description: "More countries." },
        regions: [],
      },
    });
    renderPage(<CheckInPage />, { path: "/coaching/plans/:planId/check-in", route: "/coaching/plans/p-1/check-in" });
    const user = userEvent.setup();

    const mood = await screen.findByRole("slider", { name: "Mood right now" });
    expect(mood).toHaveValue("5");
    const share = screen.getByRole("checkbox", { name: "Share this note with my coach" });
    expect(share).not.toBeChecked();
    // jsdom has no slider keyboard support (the browser journey uses the arrow keys).
    fireEvent.change(mood, { target: { value: "3" } });
    expect(mood).toHaveValue("3");
    expect(mood).toHaveAttribute("aria-valuetext", "3 out of 10");
    const craving = screen.getByRole("slider", { name: "Cravings right now" });
    fireEvent.change(craving, { target: { value: "6" } });
    expect(craving).toHaveValue("6");
    await user.type(screen.getByLabelText(/Anything you'd like to note/), "Hard day.");
    await user.click(screen.getByRole("radio", { name: "I'd prefer not to say" }));
    await user.click(screen.getByRole("button", { name: "Continue" }));

    expect(await screen.findByRole("heading", { name: "Would you like to answer the PHQ-9?" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Answer the PHQ-9" }));
    for (let item = 1; item <= 9; item += 1) {
      expect(screen.getByText(`PHQ-9: Question ${item} of 9`)).toBeInTheDocument();
      // fireEvent keeps this 9-screen walk quick; Questionnaire.test.tsx drives it with userEvent.
      fireEvent.click(screen.getByRole("radio", { name: item === 5 ? "Not at all" : "Several days" }));
      fireEvent.click(screen.getByRole("button", { name: item === 9 ? "Finish" : "Next" }));
    }
    expect(await screen.findByRole("heading", { name: "Would you like to answer the GAD-7?" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "I'm done: review and send" }));
    expect(await screen.findByRole("heading", { name: "Ready to send" })).toBeInTheDocument();
    expect(screen.getByText("Private to you")).toBeInTheDocument();
    expect(screen.getByText("PHQ-9")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send my check-in" }));

    const support = await screen.findByRole("heading", { name: "You don't have to go through this alone" });
    expect(support).toHaveFocus();
    const saved = screen.getByRole("heading", { name: "Your check-in is saved" });
    expect(support.compareDocumentPosition(saved) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole("link", { name: "Call 116 123" })).toHaveAttribute("href", "tel:116123");
    expect(screen.getByRole("link", { name: "Call 999" })).toHaveAttribute("href", "tel:999");
    const scores = screen.getByRole("table", { name: "Your questionnaire scores" });
    expect(within(scores).getByRole("row", { name: /PHQ-9 10 \(0 to 27\) Moderate/ })).toBeInTheDocument();

    expect(posted).toEqual([
      {
        mood: 3,
        craving: 6,
        note: "Hard day.",
        note_shared: false,
        instruments: { phq9: [1, 1, 1, 1, 0, 1, 1, 1, 1] },
      },
    ]);
  }, 30_000);

  it("can be sent straight away, and offers help as soon as the member says they are not safe", async () => {
    const posted = stubApi({
      id: "c-2",
      mood: 5,
      craving: 0,
      note: null,
      note_shared: false,
      feels_safe: true,
      risk_flag: false,
      scores: NO_SCORES,
      created_at: "2026-11-25T10:00:00+00:00",
      crisis_resources: null,
    });
    renderPage(<CheckInPage />, { path: "/coaching/plans/:planId/check-in", route: "/coaching/plans/p-1/check-in" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("radio", { name: "No" }));
    expect(screen.getByRole("link", { name: /call or text now/ })).toHaveAttribute("href", "/help");
    await user.click(screen.getByRole("radio", { name: "Yes" }));
    expect(screen.queryByRole("link", { name: /call or text now/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send my check-in now" }));

    expect(await screen.findByRole("heading", { name: "Your check-in is saved" })).toHaveFocus();
    expect(screen.queryByText("You don't have to go through this alone")).not.toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(posted).toEqual([{ mood: 5, craving: 0, note_shared: false, feels_safe: true }]);
  });
});
