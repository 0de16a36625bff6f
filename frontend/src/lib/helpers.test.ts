import { describe, expect, it } from "vitest";
import { formatDate } from "./dates";
import { describeDevice } from "./device";
import { listTimeZones, timeZoneLabel } from "./timeZones";

describe("describeDevice", () => {
  it("names browser and system without identifying detail", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile Safari/604.1")).toBe("Safari on iOS");
    expect(describeDevice("curl/8")).toBe("A browser");
  });
});

describe("time zones", () => {
  it("always includes the saved zone and labels it readably", () => {
    expect(listTimeZones("Etc/UTC")).toContain("Etc/UTC");
    expect(timeZoneLabel("America/Los_Angeles")).toBe("America / Los Angeles");
  });
});

describe("formatDate", () => {
  it("reads YYYY-MM-DD as a calendar date", () => {
    expect(formatDate("2026-11-25")).toMatch(/25/);
    expect(formatDate(null)).toBe("");
  });
});
