import { describe, expect, it } from "vitest";
import { availableActions, canAppeal, describeAccess, isInForce, isSuspended } from "./labels";

describe("describeAccess: the access log's route strings as words", () => {
  it.each([
    ["GET /api/v1/coaching-plans/<uuid:plan_id>", "your coaching plan"],
    ["GET /api/v1/coaching-plans/<uuid:plan_id>/check-ins", "your check-ins"],
    ["GET /api/v1/coaching-plans/<uuid:plan_id>/progress", "your progress"],
    ["GET /api/v1/coaching-plans/<uuid:plan_id>/notes", "coach notes"],
    ["GET /api/v1/coaching-plans/<uuid:plan_id>/goals", "your goals"],
    ["GET /api/v1/coaching-plans/<uuid:plan_id>/goals/<uuid:goal_id>", "your goals"],
    ["GET /api/v1/coaching-plans/<uuid:plan_id>/goals/<uuid:goal_id>/steps", "your action steps"],
    ["GET /api/v1/clinic/members/<uuid:member_id>/check-ins", "your check-ins"],
    ["GET /api/v1/clinic/members/<uuid:member_id>/attendance", "your session attendance"],
    ["GET /api/v1/clinic/members/<uuid:member_id>/coaching-plans", "your coaching plan"],
    ["GET /api/v1/clinic/members/<uuid:member_id>/fhir", "a summary of your plan and check-ins"],
  ])("%s → %s", (what, words) => {
    expect(describeAccess(what)).toBe(words);
  });

  it("never shows a raw route: anything unknown is 'your private information'", () => {
    expect(describeAccess("read")).toBe("your private information");
    expect(describeAccess("GET /api/v1/something-new")).toBe("your private information");
    expect(describeAccess("")).toBe("your private information");
  });

  it("does not mistake a word inside another for a section (check-ins-archive is not check-ins)", () => {
    expect(describeAccess("GET /api/v1/coaching-plans/<uuid:plan_id>/check-ins-archive")).toBe("your coaching plan");
  });
});

describe("availableActions", () => {
  it("offers everything to admins for a named member in a group", () => {
    expect(availableActions({ hasSubject: true, groupId: "g" }, true)).toEqual(["warn", "mute", "remove", "ban", "dismiss"]);
  });

  it("never offers suspension to facilitators", () => {
    expect(availableActions({ hasSubject: true, groupId: "g" }, false)).toEqual(["warn", "mute", "remove", "dismiss"]);
  });

  it("offers only dismissal when the report names no one", () => {
    expect(availableActions({ hasSubject: false, groupId: "g" }, true)).toEqual(["dismiss"]);
  });

  it("cannot mute or remove outside a group", () => {
    expect(availableActions({ hasSubject: true, groupId: null }, true)).toEqual(["warn", "ban", "dismiss"]);
  });
});

describe("appeal once", () => {
  const fresh = { appealed_at: null, appeal_status: null };

  it("allows an appeal of a decision not yet appealed", () => {
    expect(canAppeal(fresh)).toBe(true);
  });

  it("refuses a second appeal, whatever became of the first", () => {
    for (const appeal_status of ["pending", "upheld", "overturned"] as const) {
      expect(canAppeal({ appealed_at: "2026-11-25T10:00:00+00:00", appeal_status })).toBe(false);
    }
    // Even if only one of the two fields came back.
    expect(canAppeal({ appealed_at: "2026-11-25T10:00:00+00:00", appeal_status: null })).toBe(false);
    expect(canAppeal({ appealed_at: null, appeal_status: "pending" })).toBe(false);
  });
});

describe("isSuspended and isInForce", () => {
  it("is suspended while a suspension stands, and not once it is overturned", () => {
    expect(isSuspended([{ kind: "mute", appeal_status: null }])).toBe(false);
    expect(isSuspended([{ kind: "ban", appeal_status: "pending" }])).toBe(true);
    expect(isSuspended([{ kind: "ban", appeal_status: "overturned" }])).toBe(false);
  });

  it("ends a mute at its expiry", () => {
    const now = Date.parse("2026-11-25T10:00:00Z");
    expect(isInForce({ kind: "mute", expires_at: "2026-11-26T10:00:00Z", appeal_status: null }, now)).toBe(true);
    expect(isInForce({ kind: "mute", expires_at: "2026-11-24T10:00:00Z", appeal_status: null }, now)).toBe(false);
    expect(isInForce({ kind: "mute", expires_at: "2026-11-26T10:00:00Z", appeal_status: "overturned" }, now)).toBe(false);
  });
});
