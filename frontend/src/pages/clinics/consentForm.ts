/** The consent form's answers, their checks before sending, and the request they become. */
import { localDateTimeOf, todayInZone, toRfc3339InZone } from "../../lib/zonedTime";
import type { FieldErrors } from "../../lib/problems";
import type { Consent, ConsentGrant, ShareScope } from "./queries";

/** The API's limits (ConsentGrant): a purpose of 5 to 500 characters, at most 730 days. */
export const PURPOSE_MIN = 5;
export const PURPOSE_MAX = 500;
export const EVENT_MAX = 300;
export const MAX_DAYS = 730;
export const DEFAULT_MONTHS = 6;
/** A consent lasts until the end of the chosen day, in the member's time zone. */
export const END_OF_DAY = "23:59";

export const CONSENT_FIELDS = [
  "clinic_id",
  "scopes",
  "purpose",
  "expires_at",
  "expiry_event",
  "right_to_revoke_acknowledged",
] as const;
export type ConsentField = (typeof CONSENT_FIELDS)[number];

export interface ConsentValues {
  clinicId: string;
  scopes: ShareScope[];
  purpose: string;
  /** YYYY-MM-DD, from a date input. */
  until: string;
  expiryEvent: string;
  acknowledged: boolean;
}

function parseDate(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, day);
  const back = new Date(utc);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? utc : null;
}

function isoDate(utc: number): string {
  return new Date(utc).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const utc = parseDate(date);
  return utc === null ? date : isoDate(utc + days * 86_400_000);
}

/** The same day `months` later; the 31st of a shorter month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const utc = parseDate(date);
  if (utc === null) return date;
  const start = new Date(utc);
  const target = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return isoDate(target.getTime());
}

/** The dates the "until" input allows: today up to the last whole day within 730 days. */
export function untilBounds(timeZone: string, now = Date.now()): { min: string; max: string } {
  const today = todayInZone(timeZone, now);
  return { min: today, max: addDays(today, MAX_DAYS - 1) };
}

export function defaultUntil(timeZone: string, now = Date.now()): string {
  return addMonths(todayInZone(timeZone, now), DEFAULT_MONTHS);
}

export function emptyConsentValues(timeZone: string, now = Date.now(), clinicId = ""): ConsentValues {
  return { clinicId, scopes: [], purpose: "", until: defaultUntil(timeZone, now), expiryEvent: "", acknowledged: false };
}

/**
 * A clinic's proposal as the form's starting point: its scopes ticked, its purpose, its end date
 * (within what the API accepts now). The member still ticks the acknowledgement themselves.
 */
export function valuesFromProposal(proposal: Consent, timeZone: string, now = Date.now()): ConsentValues {
  const { min, max } = untilBounds(timeZone, now);
  const proposed = localDateTimeOf(proposal.expires_at, timeZone).date;
  const until = proposed < min ? defaultUntil(timeZone, now) : proposed > max ? max : proposed;
  return {
    clinicId: proposal.clinic.id,
    scopes: [...proposal.scopes],
    purpose: proposal.purpose,
    until,
    expiryEvent: proposal.expiry_event ?? "",
    acknowledged: false,
  };
}

/** Checks before sending, with the same limits as the API; empty when the answers can go. */
export function validateConsent(
  values: ConsentValues,
  timeZone: string,
  now = Date.now(),
  { answeringProposal = false } = {},
): FieldErrors<ConsentField> {
  const errors: FieldErrors<ConsentField> = {};
  if (!values.clinicId) errors.clinic_id = ["Choose the clinic you want to share with."];
  if (values.scopes.length === 0) {
    errors.scopes = [answeringProposal ? "Tick at least one thing to share, or say no to share nothing." : "Tick at least one thing to share."];
  }
  const purpose = values.purpose.trim();
  if (purpose.length < PURPOSE_MIN) {
    errors.purpose = [`Say what it is for, in at least ${PURPOSE_MIN} characters.`];
  } else if (purpose.length > PURPOSE_MAX) {
    errors.purpose = [`Keep it to ${PURPOSE_MAX} characters (${purpose.length - PURPOSE_MAX} too many).`];
  }
  const { min, max } = untilBounds(timeZone, now);
  if (parseDate(values.until) === null) {
    errors.expires_at = ["Choose the last day they can see it."];
  } else if (values.until < min) {
    errors.expires_at = ["Choose today or a day after it."];
  } else if (values.until > max) {
    errors.expires_at = ["Sharing can last up to two years. Choose an earlier day; you can agree again later."];
  }
  if (values.expiryEvent.trim().length > EVENT_MAX) {
    errors.expiry_event = [`Keep it to ${EVENT_MAX} characters.`];
  }
  if (!values.acknowledged) {
    errors.right_to_revoke_acknowledged = ["Tick this to show you know you can stop sharing at any time."];
  }
  return errors;
}

/** The request body; a proposal's id when answering a clinic's proposal. */
export function toGrant(values: ConsentValues, timeZone: string, proposalId?: string): ConsentGrant {
  const expiresAt = toRfc3339InZone({ date: values.until, time: END_OF_DAY }, timeZone);
  if (!expiresAt) throw new Error(`Not a date: ${values.until}`);
  const event = values.expiryEvent.trim();
  return {
    clinic_id: values.clinicId,
    scopes: [...values.scopes],
    purpose: values.purpose.trim(),
    expires_at: expiresAt,
    expiry_event: event || null,
    right_to_revoke_acknowledged: true,
    ...(proposalId ? { proposal_id: proposalId } : {}),
  };
}
