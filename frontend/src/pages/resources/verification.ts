/**
 * A resource's verification record, and the badge it earns.
 *
 * Spec gap: `Resource.verification` is documented as a bare object (the API builds it in a
 * `fields.Method`), so the generated type is `Record<string, never>`. The server sends
 * `{verified_at, verified_by, stale}` (api/schemas/resources.py, VerificationSchema); this reads
 * those three fields defensively instead of trusting a hand-written type.
 */
import type { components } from "../../api/schema";

type PublicProfile = components["schemas"]["PublicProfile"];

export interface VerificationRecord {
  /** When someone last checked the entry against its source (RFC 3339), or null: never. */
  verifiedAt: string | null;
  verifiedBy: PublicProfile | null;
  /** Never checked, or not in the last 12 months. */
  stale: boolean;
}

/** The API's rule: an entry not reviewed for a year is flagged stale. */
export const STALE_AFTER_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isProfile(value: unknown): value is PublicProfile {
  return isRecord(value) && typeof value.id === "string" && typeof value.display_name === "string";
}

/** Read the record from the API's object; a missing `stale` is worked out from the date. */
export function readVerification(value: unknown, now: Date = new Date()): VerificationRecord {
  const record = isRecord(value) ? value : {};
  const at = typeof record.verified_at === "string" && !Number.isNaN(Date.parse(record.verified_at)) ? record.verified_at : null;
  const stale =
    typeof record.stale === "boolean"
      ? record.stale
      : at === null || now.getTime() - Date.parse(at) > STALE_AFTER_DAYS * DAY_MS;
  return { verifiedAt: at, verifiedBy: isProfile(record.verified_by) ? record.verified_by : null, stale };
}

export type VerificationState = "verified" | "stale" | "unverified";

export function verificationState(record: VerificationRecord): VerificationState {
  if (record.verifiedAt === null) return "unverified";
  return record.stale ? "stale" : "verified";
}

export interface Badge {
  label: string;
  /** Picks the badge's colours: calm, never alarming. */
  tone: "ok" | "caution" | "muted";
}

export const VERIFICATION_BADGES: Record<VerificationState, Badge> = {
  verified: { label: "Verified", tone: "ok" },
  stale: { label: "Not recently verified", tone: "caution" },
  unverified: { label: "Not yet verified", tone: "muted" },
};

export function verificationBadge(value: unknown, now?: Date): Badge {
  return VERIFICATION_BADGES[verificationState(readVerification(value, now))];
}

/** "25 November 2026" in the reader's own calendar. */
export function formatCheckedOn(iso: string, timeZone?: string | null): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "long", ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(date);
  }
}
