import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/problems";
import type { Resource } from "./labels";
import { emptyResourceValues, resourceChanges, resourceFormErrors, resourceWriteFrom, splitList, valuesFromResource } from "./resourceForm";

const SAMARITANS: Resource = {
  id: "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
  name: "Samaritans",
  kind: "helpline",
  description: "Talk to someone about anything that is troubling you, day or night.",
  url: "https://www.samaritans.org",
  phone: "116 123",
  sms: null,
  email: "jo@samaritans.org",
  address: null,
  is_online: true,
  region: "GB",
  subdivision: null,
  hours: "Any time",
  is_24_7: true,
  cost: "free",
  languages: ["en", "cy"],
  eligibility: "Anyone, any age.",
  tags: ["listening"],
  source_url: null,
  verification: { verified_at: null, verified_by: null, stale: true },
  is_bookmarked: false,
  retired_at: null,
  updated_at: "2026-11-25T10:00:00+00:00",
};

describe("splitList", () => {
  it("splits on commas, trims, drops blanks and repeats", () => {
    expect(splitList(" en, cy,, en ,fr ")).toEqual(["en", "cy", "fr"]);
    expect(splitList("")).toEqual([]);
  });
});

describe("resourceWriteFrom", () => {
  it("sends empty optional text as null and codes in the API's case", () => {
    const write = resourceWriteFrom({
      ...emptyResourceValues("gb"),
      name: "  Gamcare ",
      description: "Support for anyone affected by gambling.",
      phone: "0808 8020 133",
      subdivision: "gb-sct",
      languages: "en, cy",
      tags: "gambling, family",
    });
    expect(write).toMatchObject({
      name: "Gamcare",
      phone: "0808 8020 133",
      sms: null,
      url: null,
      email: null,
      region: "GB",
      subdivision: "GB-SCT",
      languages: ["en", "cy"],
      tags: ["gambling", "family"],
    });
    expect(write).not.toHaveProperty("id");
    expect(write).not.toHaveProperty("verification");
  });
});

describe("resourceChanges", () => {
  it("round-trips an entry without inventing changes", () => {
    const values = valuesFromResource(SAMARITANS);
    expect(resourceChanges(values, { ...values })).toEqual({});
  });

  it("sends only the fields that changed", () => {
    const before = valuesFromResource(SAMARITANS);
    const after = { ...before, hours: "", languages: "en, cy, pl", is_24_7: false };
    expect(resourceChanges(before, after)).toEqual({ hours: null, languages: ["en", "cy", "pl"], is_24_7: false });
  });

  it("ignores whitespace-only edits", () => {
    const before = valuesFromResource(SAMARITANS);
    expect(resourceChanges(before, { ...before, name: "Samaritans  ", languages: "en,cy" })).toEqual({});
  });
});

describe("resourceFormErrors", () => {
  it("shows a list item's message beside the list's input", () => {
    const error = new ApiError(422, {
      type: "x",
      title: "Unprocessable",
      status: 422,
      detail: "Check the fields.",
      errors: { "languages.1": ["Not a language code."], phone: ["Use digits."] },
    });
    const errors = resourceFormErrors(error);
    expect(errors.fields).toEqual({ languages: ["Not a language code."], phone: ["Use digits."] });
    expect(errors.general).toMatch(/messages by each field/);
  });

  it("says a non-field problem in general", () => {
    const errors = resourceFormErrors(new ApiError(403, { type: "x", title: "Forbidden", status: 403, detail: "Coaches and admins only." }));
    expect(errors).toEqual({ fields: {}, general: "Coaches and admins only." });
  });
});

describe("recovery residence details", () => {
  const residence = {
    ...emptyResourceValues("US"),
    name: "Harbor House",
    kind: "sober_living" as const,
    description: "A peer-run recovery residence.",
    cost_note: " $165 a week ",
    narr_level: 2 as const,
    residence_gender: "women" as const,
    accepts_mat: "yes" as const,
  };

  it("sends whom it houses, its level and MAT for a residence", () => {
    expect(resourceWriteFrom(residence)).toMatchObject({ cost_note: "$165 a week", narr_level: 2, residence_gender: "women", accepts_mat: true });
  });

  it("clears the residence details when the entry becomes another kind", () => {
    const changes = resourceChanges(residence, { ...residence, kind: "housing" });
    expect(changes).toEqual({ kind: "housing", narr_level: null, residence_gender: null, accepts_mat: null });
  });

  it("keeps not known apart from no", () => {
    expect(resourceWriteFrom({ ...residence, accepts_mat: "" }).accepts_mat).toBeNull();
    expect(resourceWriteFrom({ ...residence, accepts_mat: "no" }).accepts_mat).toBe(false);
    expect(valuesFromResource({ ...SAMARITANS, kind: "sober_living", accepts_mat: false, narr_level: 4 })).toMatchObject({ accepts_mat: "no", narr_level: 4 });
  });
});
