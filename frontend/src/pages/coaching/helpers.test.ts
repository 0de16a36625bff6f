import { describe, expect, it } from "vitest";
import { recentRisk } from "./CheckInsSection";
import { dashboardOrder } from "./CoachDashboardPage";
import { currentPlan } from "./CoachingPage";
import { goalChanges } from "./GoalsSection";
import { EMPTY_GOAL } from "./GoalForm";
import { planChanges } from "./PlanOverview";
import { focusAreasFrom, type PlanFormValues } from "./PlanForm";
import type { CheckIn, Plan, Relationship } from "./queries";

const person = (name: string) => ({ id: name, display_name: name, pronouns: null, bio: null, badges: [] });

function relationship(name: string, lastCheckIn: string | null, lastRisk: string | null): Relationship {
  return {
    id: `r-${name}`,
    member: person(name),
    coach: person("Sam"),
    status: "active",
    initiated_by: "member",
    started_at: null,
    ended_at: null,
    created_at: "2026-11-01T10:00:00+00:00",
    last_check_in_at: lastCheckIn,
    last_risk_at: lastRisk,
    unread_messages: 0,
  };
}

describe("coach dashboard order", () => {
  it("puts recent risk first (newest first), then the latest check-ins, then names", () => {
    const ordered = dashboardOrder([
      relationship("Ana", "2026-11-20T10:00:00+00:00", null),
      relationship("Bo", "2026-11-24T10:00:00+00:00", "2026-11-20T10:00:00+00:00"),
      relationship("Cy", null, null),
      relationship("Di", "2026-11-25T10:00:00+00:00", "2026-11-25T10:00:00+00:00"),
      relationship("Al", null, null),
    ]);
    expect(ordered.map((item) => item.member.display_name)).toEqual(["Di", "Bo", "Ana", "Al", "Cy"]);
  });
});

describe("recent risk on a plan page", () => {
  const checkIn = (id: string, createdAt: string, risk: boolean) =>
    ({ id, created_at: createdAt, risk_flag: risk }) as CheckIn;
  const now = Date.parse("2026-11-25T12:00:00Z");

  it("is the newest risky check-in of the last 14 days", () => {
    const items = [
      checkIn("a", "2026-11-24T10:00:00+00:00", false),
      checkIn("b", "2026-11-20T10:00:00+00:00", true),
      checkIn("c", "2026-11-19T10:00:00+00:00", true),
    ];
    expect(recentRisk(items, now)?.id).toBe("b");
    expect(recentRisk([checkIn("d", "2026-11-01T10:00:00+00:00", true)], now)).toBeNull();
  });
});

describe("plans and goals", () => {
  it("shows the newest plan that is not completed first", () => {
    const plan = (id: string, status: Plan["status"]) => ({ id, status }) as Plan;
    expect(currentPlan([plan("a", "completed"), plan("b", "paused"), plan("c", "active")])?.id).toBe("b");
    expect(currentPlan([plan("a", "completed")])?.id).toBe("a");
    expect(currentPlan([])).toBeNull();
  });

  it("reads focus areas one per line", () => {
    expect(focusAreasFrom("sleep\n\n  staying connected \n")).toEqual(["sleep", "staying connected"]);
  });

  it("sends only what changed in a plan or a goal", () => {
    const before: PlanFormValues = { title: "Plan", status: "draft", start_date: "", review_date: "", focus_areas: "sleep" };
    expect(planChanges(before, { ...before })).toEqual({});
    expect(planChanges(before, { ...before, status: "active", review_date: "2027-01-01", focus_areas: "sleep\nwork" })).toEqual({
      status: "active",
      review_date: "2027-01-01",
      focus_areas: ["sleep", "work"],
    });
    expect(planChanges({ ...before, start_date: "2026-11-01" }, before)).toEqual({ start_date: null });
    expect(goalChanges({ ...EMPTY_GOAL, what: "Walk" }, { ...EMPTY_GOAL, what: "Walk", why: " air ", progress_percent: "40" })).toEqual({
      why: "air",
      progress_percent: 40,
    });
  });
});
