import { describe, expect, it } from "vitest";
import { resourceBadges } from "./badges";
import { readVerification, verificationBadge, verificationState } from "./verification";

const NOW = new Date("2027-03-01T12:00:00Z");
const coach = { id: "c1", display_name: "Sage", badges: ["coach"], bio: null, pronouns: null };

describe("readVerification", () => {
  it("reads the API's record", () => {
    expect(readVerification({ verified_at: "2027-02-01T10:00:00+00:00", verified_by: coach, stale: false })).toEqual({
      verifiedAt: "2027-02-01T10:00:00+00:00",
      verifiedBy: coach,
      stale: false,
    });
  });

  it("treats a missing or malformed record as never checked", () => {
    expect(readVerification({})).toEqual({ verifiedAt: null, verifiedBy: null, stale: true });
    expect(readVerification(null)).toEqual({ verifiedAt: null, verifiedBy: null, stale: true });
    expect(readVerification({ verified_at: "yesterday", verified_by: "Sage" })).toEqual({ verifiedAt: null, verifiedBy: null, stale: true });
  });

  it("works out staleness from the date when the API leaves it out", () => {
    expect(readVerification({ verified_at: "2026-03-02T12:00:00Z" }, NOW).stale).toBe(false);
    expect(readVerification({ verified_at: "2026-02-27T12:00:00Z" }, NOW).stale).toBe(true);
  });

  it("trusts the server's verdict when it gives one", () => {
    expect(readVerification({ verified_at: "2020-01-01T00:00:00Z", stale: false }, NOW).stale).toBe(false);
  });
});

describe("verification badges", () => {
  it("says verified for a recent check", () => {
    expect(verificationBadge({ verified_at: "2027-02-01T10:00:00Z", verified_by: coach, stale: false })).toEqual({ label: "Verified", tone: "ok" });
  });

  it("says not recently verified for an old check", () => {
    expect(verificationBadge({ verified_at: "2025-02-01T10:00:00Z", verified_by: coach, stale: true })).toEqual({
      label: "Not recently verified",
      tone: "caution",
    });
  });

  it("says not yet verified when nobody has checked", () => {
    expect(verificationState(readVerification({ verified_at: null, verified_by: null, stale: true }))).toBe("unverified");
    expect(verificationBadge({ verified_at: null, verified_by: null, stale: true }).label).toBe("Not yet verified");
  });
});

describe("resourceBadges", () => {
  const fresh = { verified_at: "2027-02-01T10:00:00Z", verified_by: coach, stale: false } as const;

  it("lists 24/7, cost and verification, in that order", () => {
    expect(resourceBadges({ is_24_7: true, cost: "free", verification: fresh, retired_at: null }).map((badge) => badge.label)).toEqual([
      "Open 24/7",
      "Free",
      "Verified",
    ]);
  });

  it("leaves out 24/7 when it is not", () => {
    expect(resourceBadges({ is_24_7: false, cost: "insurance", verification: fresh, retired_at: null }).map((badge) => badge.label)).toEqual([
      "Through insurance",
      "Verified",
    ]);
  });

  it("puts a retired entry's status first", () => {
    const labels = resourceBadges({ is_24_7: false, cost: "paid", verification: fresh, retired_at: "2027-02-02T00:00:00Z" }).map((badge) => badge.label);
    expect(labels).toEqual(["No longer listed", "Paid", "Verified"]);
  });
});
