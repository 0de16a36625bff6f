/** Consents, clinics and clients shaped like the API's answers, for the clinic screens' tests. */
import type { Clinic, ClinicClient, ClinicClientCredentials, Consent } from "./queries";

export const HARBOUR_ID = "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f";
export const OAK_ID = "4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d";

export function consent(overrides: Partial<Consent> = {}): Consent {
  return {
    id: "c0c0c0c0-0000-4000-8000-000000000001",
    clinic: { id: HARBOUR_ID, name: "Harbour Clinic", website: "https://harbour.example" },
    status: "active",
    scopes: ["checkins:read", "members:read"],
    purpose: "So my key worker can follow my progress between appointments",
    discloser: "Peerway, on the member's behalf",
    expires_at: "2027-05-25T22:59:00+00:00",
    expiry_event: "when my treatment ends",
    right_to_revoke_acknowledged: true,
    signed_at: "2026-11-25T10:00:00+00:00",
    revoked_at: null,
    revocation_reason: null,
    from_referral: false,
    referral_message: null,
    created_at: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function clinic(overrides: Partial<Clinic> = {}): Clinic {
  return {
    id: HARBOUR_ID,
    name: "Harbour Clinic",
    website: "https://harbour.example",
    contact_email: "team@harbour.example",
    region: "GB",
    description: "NHS-commissioned addiction service.",
    retired_at: null,
    created_at: "2026-11-25T10:00:00+00:00",
    ...overrides,
  };
}

export function client(overrides: Partial<ClinicClient> = {}): ClinicClient {
  return {
    id: "c1c1c1c1-0000-4000-8000-000000000001",
    client_id: "pwc_4f1c2b3a5d6e7f8091a2b3c4",
    label: "EHR integration",
    allowed_scopes: ["members:read", "checkins:read"],
    created_at: "2026-11-25T10:00:00+00:00",
    secret_rotated_at: "2026-11-25T10:00:00+00:00",
    last_used_at: null,
    revoked_at: null,
    ...overrides,
  };
}

export function credentials(overrides: Partial<ClinicClientCredentials> = {}): ClinicClientCredentials {
  return { ...client(), client_secret: "pws_secret_shown_once_123", ...overrides };
}

export const MEMBER_ME = { id: "m1", role: "member", time_zone: "Europe/London", display_name: "Wren" };
export const ADMIN_ME = { id: "a1", role: "admin", time_zone: "Europe/London", display_name: "Alder" };
