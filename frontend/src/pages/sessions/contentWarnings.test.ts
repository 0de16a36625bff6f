import { describe, expect, it } from "vitest";
import { contentWarningsProblem, parseContentWarnings } from "./contentWarnings";

describe("content warnings", () => {
  it("splits on commas and new lines, trims and drops repeats", () => {
    expect(parseContentWarnings(" relapse,  grief \nRelapse;;self-harm ")).toEqual(["relapse", "grief", "self-harm"]);
    expect(parseContentWarnings("")).toEqual([]);
  });

  it("keeps to the API's limits", () => {
    expect(contentWarningsProblem(Array.from({ length: 11 }, (_, i) => `note ${i}`))).toMatch(/Up to 10/);
    expect(contentWarningsProblem(["x".repeat(61)])).toMatch(/under 60/);
    expect(contentWarningsProblem(["grief"])).toBeNull();
  });
});
