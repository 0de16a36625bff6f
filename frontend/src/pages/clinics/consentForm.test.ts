import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  defaultUntil,
  emptyConsentValues,
  toGrant,
  untilBounds,
  validateConsent,
  valuesFromProposal,
  type ConsentValues,
} from "./consentForm";
import { consent, HARBOUR_ID } from "./testData";

const LONDON = "Europe/London";
const NOW = Date.parse("2026-11-25T10:00:00Z");

function good(overrides: Partial<ConsentValues> = {}): ConsentValues {
  return {
    clinicId: HARBOUR_ID,
    scopes: ["checkins:read"],
    purpose: "Follow my progress",
    until: "2027-05-25",
    expiryEvent: "",
    acknowledged: true,
    ...overrides,
  };
}

describe("dates", () => {
  it("adds days and months on the calendar", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addMonths("2026-11-25", 6)).toBe("2027-05-25");
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("not a date", 6)).toBe("not a date");
  });

  it("defaults to six months and allows up to the last whole day within 730 days", () => {
    expect(defaultUntil(LONDON, NOW)).toBe("2027-05-25");
    expect(untilBounds(LONDON, NOW)).toEqual({ min: "2026-11-25", max: "2028-11-23" });
    expect(emptyConsentValues(LONDON, NOW)).toEqual({
      clinicId: "",
      scopes: [],
      purpose: "",
      until: "2027-05-25",
      expiryEvent: "",
      acknowledged: false,
    });
  });
});

describe("validateConsent", () => {
  it("accepts complete answers", () => {
    expect(validateConsent(good(), LONDON, NOW)).toEqual({});
  });

  it("asks for a clinic, something to share, a purpose and the acknowledgement", () => {
    const errors = validateConsent(
      { clinicId: "", scopes: [], purpose: " ok ", until: "2027-05-25", expiryEvent: "", acknowledged: false },
      LONDON,
      NOW,
    );
    expect(errors.clinic_id).toEqual(["Choose the clinic you want to share with."]);
    expect(errors.scopes).toEqual(["Tick at least one thing to share."]);
    expect(errors.purpose).toEqual(["Say what it is for, in at least 5 characters."]);
    expect(errors.right_to_revoke_acknowledged).toEqual(["Tick this to show you know you can stop sharing at any time."]);
    expect(errors.expires_at).toBeUndefined();
  });

  it("reminds a member answering a proposal that saying no is the way to share nothing", () => {
    expect(validateConsent(good({ scopes: [] }), LONDON, NOW, { answeringProposal: true }).scopes).toEqual([
      "Tick at least one thing to share, or say no to share nothing.",
    ]);
  });

  it("keeps the end date between today and two years", () => {
    expect(validateConsent(good({ until: "" }), LONDON, NOW).expires_at).toEqual(["Choose the last day they can see it."]);
    expect(validateConsent(good({ until: "2026-02-30" }), LONDON, NOW).expires_at).toEqual(["Choose the last day they can see it."]);
    expect(validateConsent(good({ until: "2026-11-24" }), LONDON, NOW).expires_at).toEqual(["Choose today or a day after it."]);
    expect(validateConsent(good({ until: "2026-11-25" }), LONDON, NOW).expires_at).toBeUndefined();
    expect(validateConsent(good({ until: "2028-11-23" }), LONDON, NOW).expires_at).toBeUndefined();
    expect(validateConsent(good({ until: "2028-11-24" }), LONDON, NOW).expires_at?.[0]).toMatch(/up to two years/);
  });

  it("limits the purpose and the earlier event", () => {
    expect(validateConsent(good({ purpose: "x".repeat(501) }), LONDON, NOW).purpose).toEqual(["Keep it to 500 characters (1 too many)."]);
    expect(validateConsent(good({ expiryEvent: "x".repeat(301) }), LONDON, NOW).expiry_event).toEqual(["Keep it to 300 characters."]);
  });
});

describe("toGrant", () => {
  it("ends on the chosen day's last minute in the member's zone, with the offset of that date", () => {
    expect(toGrant(good({ until: "2027-05-25", expiryEvent: "  when my treatment ends " }), LONDON)).toEqual({
      clinic_id: HARBOUR_ID,
      scopes: ["checkins:read"],
      purpose: "Follow my progress",
      expires_at: "2027-05-25T23:59:00+01:00",
      expiry_event: "when my treatment ends",
      right_to_revoke_acknowledged: true,
    });
    expect(toGrant(good({ until: "2027-01-10" }), LONDON).expires_at).toBe("2027-01-10T23:59:00+00:00");
  });

  it("answers a proposal by its id and sends no empty event", () => {
    const body = toGrant(good(), LONDON, "p1");
    expect(body.proposal_id).toBe("p1");
    expect(body.expiry_event).toBeNull();
  });
});

describe("valuesFromProposal", () => {
  it("starts from the clinic's terms, with the acknowledgement left for the member", () => {
    const proposal = consent({ status: "proposed", scopes: ["members:read", "plans:read"], expiry_event: null, expires_at: "2027-05-24T10:00:00+00:00" });
    expect(valuesFromProposal(proposal, LONDON, NOW)).toEqual({
      clinicId: HARBOUR_ID,
      scopes: ["members:read", "plans:read"],
      purpose: proposal.purpose,
      until: "2027-05-24",
      expiryEvent: "",
      acknowledged: false,
    });
  });

  it("brings an end date the API would refuse back within bounds", () => {
    const past = consent({ status: "proposed", expires_at: "2026-01-01T10:00:00+00:00" });
    expect(valuesFromProposal(past, LONDON, NOW).until).toBe("2027-05-25");
    const far = consent({ status: "proposed", expires_at: "2030-01-01T10:00:00+00:00" });
    expect(valuesFromProposal(far, LONDON, NOW).until).toBe("2028-11-23");
  });
});
