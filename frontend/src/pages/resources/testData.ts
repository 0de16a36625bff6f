/** API objects for the directory's component tests, shaped like the spec's responses. */
import type { components } from "../../api/schema";
import type { Resource } from "./labels";
import type { Referral } from "./referrals";

type PublicProfile = components["schemas"]["PublicProfile"];

export const COACH: PublicProfile = { id: "c0a0c0a0-0000-4000-8000-000000000001", display_name: "Sage", badges: ["coach"], bio: null, pronouns: null };
export const MEMBER: PublicProfile = { id: "m0e0m0e0-0000-4000-8000-000000000002", display_name: "Wren", badges: [], bio: null, pronouns: null };

/** The spec types `verification` as an empty object; the API sends this record (see verification.ts). */
export function verification(record: { verified_at: string | null; verified_by: PublicProfile | null; stale: boolean }) {
  return record as unknown as Resource["verification"];
}

export function resource(overrides: Partial<Resource> = {}): Resource {
  return {
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
    source_url: "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
    verification: verification({ verified_at: new Date().toISOString(), verified_by: COACH, stale: false }),
    is_bookmarked: false,
    retired_at: null,
    updated_at: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
    member: MEMBER,
    resource: resource(),
    referred_by: COACH,
    note: "They run an evening group near you.",
    follow_up_on: null,
    status: "suggested",
    reason: null,
    is_overdue: false,
    created_at: "2026-11-25T10:00:00+00:00",
    updated_at: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}
