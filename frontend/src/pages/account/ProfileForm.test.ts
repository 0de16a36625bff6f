import { describe, expect, it } from "vitest";
import { changedFields } from "./ProfileForm";

const saved = {
  display_name: "River",
  pronouns: "she/her",
  bio: "",
  time_zone: "Europe/London",
  country: "",
  recovery_start_date: "2026-01-15",
};

describe("changedFields", () => {
  it("sends only what changed", () => {
    expect(changedFields(saved, { ...saved, pronouns: "they/them" })).toEqual({ pronouns: "they/them" });
  });

  it("sends nothing when nothing changed (whitespace aside)", () => {
    expect(changedFields(saved, { ...saved, display_name: " River " })).toEqual({});
  });

  it("sends a chosen country, and null when it is cleared", () => {
    expect(changedFields(saved, { ...saved, country: "JP" })).toEqual({ country: "JP" });
    expect(changedFields({ ...saved, country: "JP" }, saved)).toEqual({ country: null });
  });

  it("clears emptied optional fields with null", () => {
    expect(changedFields(saved, { ...saved, pronouns: "  ", recovery_start_date: "" })).toEqual({
      pronouns: null,
      recovery_start_date: null,
    });
  });
});
