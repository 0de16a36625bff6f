import { describe, expect, it } from "vitest";
import { buildRRule, describeRepeat, type RepeatChoice } from "./rrule";

// 1 December 2026 is a Tuesday.
const base: RepeatChoice = { repeat: "weekly", weekdays: ["TU"], count: 12, firstDate: "2026-12-01" };

describe("buildRRule", () => {
  it("sends no rule for a one-off session", () => {
    expect(buildRRule({ ...base, repeat: "none" })).toEqual({ ok: true, rrule: null });
  });

  it("builds a weekly rule on the chosen days, in week order, without repeats", () => {
    expect(buildRRule(base)).toEqual({ ok: true, rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=12" });
    expect(buildRRule({ ...base, weekdays: ["TH", "TU", "TH"], count: 8 })).toEqual({
      ok: true,
      rrule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8",
    });
  });

  it("builds a fortnightly rule on the first session's weekday", () => {
    expect(buildRRule({ ...base, repeat: "fortnightly", weekdays: ["FR"], count: 6 })).toEqual({
      ok: true,
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6",
    });
  });

  it("asks for at least one weekday", () => {
    expect(buildRRule({ ...base, weekdays: [] })).toMatchObject({ ok: false, field: "weekdays" });
  });

  it("asks for a first date on one of the chosen days", () => {
    const result = buildRRule({ ...base, weekdays: ["WE"] });
    expect(result).toMatchObject({ ok: false, field: "first_date" });
    expect(!result.ok && result.message).toMatch(/Tuesday/);
  });

  it("keeps the number of sessions between 2 and 200", () => {
    expect(buildRRule({ ...base, count: 1 })).toMatchObject({ ok: false, field: "count" });
    expect(buildRRule({ ...base, count: 201 })).toMatchObject({ ok: false, field: "count" });
    expect(buildRRule({ ...base, count: 2.5 })).toMatchObject({ ok: false, field: "count" });
    expect(buildRRule({ ...base, count: 200 })).toMatchObject({ ok: true });
  });

  it("needs a valid first date to repeat", () => {
    expect(buildRRule({ ...base, firstDate: "" })).toMatchObject({ ok: false, field: "first_date" });
  });
});

describe("describeRepeat", () => {
  it("summarises the choice in plain words", () => {
    expect(describeRepeat({ ...base, repeat: "none" })).toBe("One session");
    expect(describeRepeat({ ...base, weekdays: ["TH", "TU"] })).toBe("Every week on Tuesday and Thursday, 12 sessions");
    expect(describeRepeat({ ...base, repeat: "fortnightly", count: 6 })).toBe("Every 2 weeks on Tuesday, 6 sessions");
  });
});
