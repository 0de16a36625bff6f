import { describe, expect, it } from "vitest";
import { formatOffset, localDateTimeOf, offsetMinutes, toRfc3339InZone, weekdayOfDate, zonedInstant } from "./zonedTime";

describe("toRfc3339InZone", () => {
  it("uses GMT in a London winter and BST in a London summer", () => {
    expect(toRfc3339InZone({ date: "2026-12-01", time: "19:00" }, "Europe/London")).toBe("2026-12-01T19:00:00+00:00");
    expect(toRfc3339InZone({ date: "2026-07-14", time: "19:00" }, "Europe/London")).toBe("2026-07-14T19:00:00+01:00");
  });

  it("changes offset on the day the clocks change", () => {
    // UK clocks go forward at 01:00 GMT on 29 March 2026 and back at 02:00 BST on 25 October 2026.
    expect(toRfc3339InZone({ date: "2026-03-28", time: "19:00" }, "Europe/London")).toBe("2026-03-28T19:00:00+00:00");
    expect(toRfc3339InZone({ date: "2026-03-29", time: "19:00" }, "Europe/London")).toBe("2026-03-29T19:00:00+01:00");
    expect(toRfc3339InZone({ date: "2026-10-25", time: "19:00" }, "Europe/London")).toBe("2026-10-25T19:00:00+00:00");
  });

  it("moves a time the clocks skip forward by the gap", () => {
    expect(toRfc3339InZone({ date: "2026-03-29", time: "01:30" }, "Europe/London")).toBe("2026-03-29T02:30:00+01:00");
    expect(toRfc3339InZone({ date: "2026-03-08", time: "02:15" }, "America/New_York")).toBe("2026-03-08T03:15:00-04:00");
  });

  it("takes the earlier of a time that happens twice", () => {
    expect(toRfc3339InZone({ date: "2026-10-25", time: "01:30" }, "Europe/London")).toBe("2026-10-25T01:30:00+01:00");
    expect(toRfc3339InZone({ date: "2026-11-01", time: "01:30" }, "America/New_York")).toBe("2026-11-01T01:30:00-04:00");
  });

  it("handles zones west of UTC, half hours and the southern hemisphere", () => {
    expect(toRfc3339InZone({ date: "2026-12-01", time: "18:30" }, "America/Los_Angeles")).toBe("2026-12-01T18:30:00-08:00");
    expect(toRfc3339InZone({ date: "2026-06-01", time: "09:00" }, "Asia/Kolkata")).toBe("2026-06-01T09:00:00+05:30");
    expect(toRfc3339InZone({ date: "2026-01-15", time: "10:00" }, "Australia/Sydney")).toBe("2026-01-15T10:00:00+11:00");
    expect(toRfc3339InZone({ date: "2026-07-15", time: "10:00" }, "Australia/Sydney")).toBe("2026-07-15T10:00:00+10:00");
    expect(toRfc3339InZone({ date: "2026-01-15", time: "10:00" }, "UTC")).toBe("2026-01-15T10:00:00+00:00");
  });

  it("gives the instant the API will store", () => {
    const rfc = toRfc3339InZone({ date: "2026-07-14", time: "19:00" }, "Europe/London")!;
    expect(new Date(rfc).toISOString()).toBe("2026-07-14T18:00:00.000Z");
    expect(zonedInstant({ date: "2026-07-14", time: "19:00" }, "Europe/London")).toBe(Date.parse("2026-07-14T18:00:00Z"));
  });

  it("refuses impossible dates, times and unknown zones", () => {
    expect(toRfc3339InZone({ date: "2026-02-30", time: "19:00" }, "Europe/London")).toBeNull();
    expect(toRfc3339InZone({ date: "2026-02-10", time: "25:00" }, "Europe/London")).toBeNull();
    expect(toRfc3339InZone({ date: "", time: "19:00" }, "Europe/London")).toBeNull();
    expect(toRfc3339InZone({ date: "2026-02-10", time: "19:00" }, "Mars/Olympus_Mons")).toBeNull();
  });
});

describe("localDateTimeOf", () => {
  it("reads an instant as wall-clock date and time in a zone", () => {
    expect(localDateTimeOf("2026-07-14T18:00:00+00:00", "Europe/London")).toEqual({ date: "2026-07-14", time: "19:00" });
    expect(localDateTimeOf("2026-12-01T23:30:00+00:00", "Asia/Tokyo")).toEqual({ date: "2026-12-02", time: "08:30" });
  });

  it("round-trips with toRfc3339InZone", () => {
    const local = { date: "2026-03-29", time: "19:00" };
    expect(localDateTimeOf(toRfc3339InZone(local, "Europe/London")!, "Europe/London")).toEqual(local);
  });
});

describe("offsets and weekdays", () => {
  it("formats offsets with a sign and minutes", () => {
    expect(formatOffset(0)).toBe("+00:00");
    expect(formatOffset(60)).toBe("+01:00");
    expect(formatOffset(-300)).toBe("-05:00");
    expect(formatOffset(330)).toBe("+05:30");
    expect(offsetMinutes(Date.parse("2026-07-01T12:00:00Z"), "Europe/London")).toBe(60);
  });

  it("names the weekday of a calendar date", () => {
    expect(weekdayOfDate("2026-12-01")).toBe("TU");
    expect(weekdayOfDate("2026-11-29")).toBe("SU");
    expect(weekdayOfDate("nope")).toBeNull();
  });
});
