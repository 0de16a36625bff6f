import { describe, expect, it } from "vitest";
import { formatDay, formatSessionWhen, formatTime, zoneAbbreviation } from "./dates";

describe("session times", () => {
  it("shows the day and time in the viewer's zone", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    expect(formatDay("2026-12-01T19:00:00+00:00", "Europe/London", now)).toMatch(/Tuesday/);
    expect(formatDay("2026-12-01T19:00:00+00:00", "Europe/London", now)).not.toMatch(/2026/);
    expect(formatDay("2027-12-01T19:00:00+00:00", "Europe/London", now)).toMatch(/2027/);
    // 19:00 in London is 14:00 in New York.
    expect(formatTime("2026-12-01T19:00:00+00:00", "America/New_York")).toMatch(/^(14:00|2:00\s?PM)$/i);
    expect(formatSessionWhen("2026-12-01T19:00:00+00:00", "2026-12-01T20:30:00+00:00", "Europe/London")).toMatch(/ to /);
  });

  it("names the zone as it is on that date", () => {
    expect(zoneAbbreviation("Europe/London", new Date("2026-12-01T12:00:00Z"))).toBe("GMT");
    expect(zoneAbbreviation("Europe/London", new Date("2026-07-01T12:00:00Z"))).toBe("BST");
  });
});
