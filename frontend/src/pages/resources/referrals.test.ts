import { describe, expect, it } from "vitest";
import { isOpen, nextSteps, referrerOf, statusUpdate } from "./referrals";

describe("nextSteps", () => {
  it("moves a suggestion on to any outcome", () => {
    expect(nextSteps("suggested")).toEqual(["contacted", "connected", "not_suitable"]);
  });

  it("never moves a contacted referral back to suggested", () => {
    expect(nextSteps("contacted")).toEqual(["connected", "not_suitable"]);
  });

  it("offers nothing once it is settled", () => {
    expect(nextSteps("connected")).toEqual([]);
    expect(nextSteps("not_suitable")).toEqual([]);
  });
});

describe("statusUpdate", () => {
  it("sends a trimmed reason only for not suitable", () => {
    expect(statusUpdate("not_suitable", "  Too far to travel. ")).toEqual({ status: "not_suitable", reason: "Too far to travel." });
    expect(statusUpdate("contacted", "ignored")).toEqual({ status: "contacted" });
  });
});

describe("referrerOf", () => {
  const coach = { id: "c1", display_name: "Sage", badges: [], bio: null, pronouns: null };

  it("reads the coach, or null when the account is gone", () => {
    expect(referrerOf({ referred_by: coach })).toEqual(coach);
    expect(referrerOf({ referred_by: null })).toBeNull();
    expect(referrerOf({ referred_by: {} })).toBeNull();
  });
});

describe("isOpen", () => {
  it("is open until connected or not suitable", () => {
    expect([isOpen("suggested"), isOpen("contacted"), isOpen("connected"), isOpen("not_suitable")]).toEqual([true, true, false, false]);
  });
});
