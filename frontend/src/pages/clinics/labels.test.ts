import { describe, expect, it } from "vitest";
import {
  consentGroup,
  consentHistory,
  consentSentence,
  describeScopes,
  discloserInWords,
  formatDay,
  groupConsents,
  listInWords,
  SHARE_SCOPES,
  sortScopes,
} from "./labels";
import { consent } from "./testData";

describe("scopes in plain words", () => {
  it("explains every scope a member can share, saying what is never shared", () => {
    expect(SHARE_SCOPES.map((scope) => scope.value).sort()).toEqual(["attendance:read", "checkins:read", "members:read", "plans:read"]);
    const checkIns = SHARE_SCOPES.find((scope) => scope.value === "checkins:read")!;
    expect(checkIns.description).toMatch(/Never the private notes/);
    const profile = SHARE_SCOPES.find((scope) => scope.value === "members:read")!;
    expect(profile.description).toBe("Your display name, pronouns, time zone and recovery start date. Never your email address.");
  });

  it("lists scopes in a steady order, once each", () => {
    expect(sortScopes(["members:read", "checkins:read", "members:read"])).toEqual(["checkins:read", "members:read"]);
  });

  it("joins phrases so items that contain 'and' stay readable", () => {
    expect(listInWords([])).toBe("");
    expect(listInWords(["a"])).toBe("a");
    expect(listInWords(["a", "b"])).toBe("a, and b");
    expect(listInWords(["a", "b", "c"])).toBe("a, b, and c");
    expect(describeScopes(["members:read", "checkins:read"])).toBe("your check-ins and questionnaire scores, and your profile");
    expect(describeScopes(["attendance:read"])).toBe("which sessions you booked and went to");
    expect(describeScopes([])).toBe("nothing");
  });
});

describe("a consent in one sentence", () => {
  it("says who can see what, until when, and the member's earlier event", () => {
    expect(consentSentence(consent(), "Europe/London")).toBe(
      "Harbour Clinic can see your check-ins and questionnaire scores, and your profile, until 25 May 2027 (or earlier: when my treatment ends).",
    );
  });

  it("leaves out the bracket without an event, and reads the date in the member's zone", () => {
    const late = consent({ expiry_event: null, expires_at: "2027-05-25T23:30:00+00:00" });
    expect(consentSentence(late, "Europe/London")).toBe(
      "Harbour Clinic can see your check-ins and questionnaire scores, and your profile, until 26 May 2027.",
    );
    expect(consentSentence(late, "America/New_York")).toMatch(/until 25 May 2027\.$/);
  });

  it("changes tense as the consent's state changes", () => {
    expect(consentSentence(consent({ status: "proposed" }), "UTC")).toMatch(/^Harbour Clinic asks to see .* Nothing is shared unless you agree\.$/);
    expect(consentSentence(consent({ status: "expired" }), "UTC")).toMatch(/could see .* until 25 May 2027\. That date has passed/);
    expect(consentSentence(consent({ status: "revoked" }), "UTC")).toMatch(/could see .*\. Nothing is shared now\.$/);
    expect(consentSentence(consent({ status: "declined" }), "UTC")).toMatch(/asked to see .*\. You said no, so nothing was shared\.$/);
  });

  it("says when it was agreed and how it ended", () => {
    expect(consentHistory(consent(), "Europe/London")).toBe("You agreed on 25 November 2026.");
    expect(consentHistory(consent({ status: "revoked", revoked_at: "2026-12-01T09:00:00+00:00" }), "Europe/London")).toBe(
      "You agreed on 25 November 2026. Sharing stopped on 1 December 2026.",
    );
    expect(consentHistory(consent({ status: "declined", signed_at: null, revoked_at: "2026-12-01T09:00:00+00:00" }), "UTC")).toBe(
      "You said no on 1 December 2026.",
    );
  });

  it("speaks to the member about who discloses", () => {
    expect(discloserInWords("Peerway, on the member's behalf")).toBe("Peerway, on your behalf");
    expect(discloserInWords(undefined)).toBe("Peerway, on your behalf");
    expect(discloserInWords("Someone else")).toBe("Someone else");
  });

  it("formats a day and survives a bad date", () => {
    expect(formatDay("2026-11-25T10:00:00+00:00", "Europe/London")).toBe("25 November 2026");
    expect(formatDay("not a date")).toBe("not a date");
    expect(formatDay(null)).toBe("");
  });
});

describe("grouping consents", () => {
  it("puts proposals first to answer, active ones as sharing, and the rest as ended", () => {
    expect(consentGroup("proposed")).toBe("waiting");
    expect(consentGroup("active")).toBe("sharing");
    expect(["expired", "revoked", "declined"].map((status) => consentGroup(status as never))).toEqual(["ended", "ended", "ended"]);
    const groups = groupConsents([
      consent({ id: "1", status: "revoked" }),
      consent({ id: "2", status: "active" }),
      consent({ id: "3", status: "proposed" }),
      consent({ id: "4", status: "expired" }),
    ]);
    expect(groups.waiting.map((item) => item.id)).toEqual(["3"]);
    expect(groups.sharing.map((item) => item.id)).toEqual(["2"]);
    expect(groups.ended.map((item) => item.id)).toEqual(["1", "4"]);
  });
});
