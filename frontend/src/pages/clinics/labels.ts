/** Words for sharing with partner clinics: what each scope means, and a consent in one sentence. */
import type { ClientScope, Consent, ConsentStatus, ShareScope } from "./queries";

export interface ScopeInfo {
  value: ShareScope;
  /** The checkbox label. */
  label: string;
  /** Under the checkbox: exactly what is shared, and what never is. */
  description: string;
  /** Inside a sentence: "Harbour Clinic can see {phrase}". */
  phrase: string;
}

/** What a member can share, in the order the form offers them and sentences list them. */
export const SHARE_SCOPES: readonly ScopeInfo[] = [
  {
    value: "checkins:read",
    label: "Your check-ins and questionnaire scores",
    description: "Your mood and craving ratings, whether you felt safe, and questionnaire scores. Never the private notes you write.",
    phrase: "your check-ins and questionnaire scores",
  },
  {
    value: "plans:read",
    label: "Your coaching plans and goals",
    description: "The plans you make with a coach, with their goals and steps.",
    phrase: "your coaching plans and goals",
  },
  {
    value: "attendance:read",
    label: "Sessions you booked and went to",
    description: "Which group sessions you booked, and whether you went. Never what was said in them.",
    phrase: "which sessions you booked and went to",
  },
  {
    value: "members:read",
    label: "Your profile",
    description: "Your display name, pronouns, time zone and recovery start date. Never your email address.",
    phrase: "your profile",
  },
];

export function scopeInfo(scope: string): ScopeInfo | undefined {
  return SHARE_SCOPES.find((item) => item.value === scope);
}

/** The scopes in the form's order (unknown ones last, as they came). */
export function sortScopes<T extends string>(scopes: readonly T[]): T[] {
  const rank = (scope: string) => {
    const index = SHARE_SCOPES.findIndex((item) => item.value === scope);
    return index === -1 ? SHARE_SCOPES.length : index;
  };
  return [...new Set(scopes)].sort((a, b) => rank(a) - rank(b));
}

/**
 * "a", "a, and b", "a, b, and c". The comma before "and" keeps items that contain "and"
 * ("your check-ins and questionnaire scores") readable.
 */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]}`;
}

/** "your check-ins and questionnaire scores, and your profile". */
export function describeScopes(scopes: readonly string[]): string {
  const phrases = sortScopes(scopes).map((scope) => scopeInfo(scope)?.phrase ?? scope);
  return phrases.length ? listInWords(phrases) : "nothing";
}

/** "25 November 2026", the calendar day of an instant in the member's time zone. */
export function formatDay(iso: string | null | undefined, timeZone?: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en-GB", options).format(date);
  }
}

/** The member's own earlier event, as a bracket: " (or earlier: when my treatment ends)". */
function earlier(event: string | null | undefined): string {
  const text = event?.trim().replace(/[.\s]+$/, "");
  return text ? ` (or earlier: ${text})` : "";
}

type ConsentTerms = Pick<Consent, "clinic" | "scopes" | "expires_at" | "expiry_event">;

/**
 * What the consent lets the clinic see, in one sentence whose tense follows its status:
 * "Harbour Clinic can see your check-ins and questionnaire scores, and your profile, until
 * 25 May 2027 (or earlier: when my treatment ends)."
 */
export function consentSentence(consent: ConsentTerms & { status: ConsentStatus }, timeZone?: string | null): string {
  const name = consent.clinic.name;
  const what = describeScopes(consent.scopes);
  const until = formatDay(consent.expires_at, timeZone);
  switch (consent.status) {
    case "proposed":
      return `${name} asks to see ${what}, until ${until}${earlier(consent.expiry_event)}. Nothing is shared unless you agree.`;
    case "active":
      return `${name} can see ${what}, until ${until}${earlier(consent.expiry_event)}.`;
    case "expired":
      return `${name} could see ${what} until ${until}. That date has passed, so nothing is shared now.`;
    case "revoked":
      return `${name} could see ${what}. Nothing is shared now.`;
    case "declined":
      return `${name} asked to see ${what}. You said no, so nothing was shared.`;
  }
}

/** When it was agreed, and how it ended, as short sentences. */
export function consentHistory(consent: Pick<Consent, "status" | "signed_at" | "revoked_at">, timeZone?: string | null): string {
  const parts: string[] = [];
  if (consent.signed_at) parts.push(`You agreed on ${formatDay(consent.signed_at, timeZone)}.`);
  if (consent.status === "revoked" && consent.revoked_at) parts.push(`Sharing stopped on ${formatDay(consent.revoked_at, timeZone)}.`);
  if (consent.status === "declined" && consent.revoked_at) parts.push(`You said no on ${formatDay(consent.revoked_at, timeZone)}.`);
  return parts.join(" ");
}

/** The API names who discloses in the third person; members read it about themselves. */
export function discloserInWords(discloser: string | null | undefined): string {
  if (!discloser || /^peerway, on the member's behalf$/i.test(discloser.trim())) return "Peerway, on your behalf";
  return discloser;
}

export type ConsentGroup = "waiting" | "sharing" | "ended";

export function consentGroup(status: ConsentStatus): ConsentGroup {
  if (status === "proposed") return "waiting";
  if (status === "active") return "sharing";
  return "ended";
}

export const GROUP_HEADINGS: Record<ConsentGroup, string> = {
  waiting: "Waiting for your answer",
  sharing: "Sharing now",
  ended: "Ended",
};

/** Consents sorted into the three groups, each keeping the API's newest-first order. */
export function groupConsents<T extends Pick<Consent, "status">>(consents: readonly T[]): Record<ConsentGroup, T[]> {
  const groups: Record<ConsentGroup, T[]> = { waiting: [], sharing: [], ended: [] };
  for (const consent of consents) groups[consentGroup(consent.status)].push(consent);
  return groups;
}

export const STATUS_LABELS: Record<ConsentStatus, string> = {
  proposed: "Waiting for your answer",
  active: "Sharing",
  expired: "Ended: date passed",
  revoked: "Stopped",
  declined: "You said no",
};

// --- Admins: what a clinic's API client may do ---

export const CLIENT_SCOPES: readonly { value: ClientScope; label: string; description: string }[] = [
  { value: "members:read", label: "members:read", description: "List consenting members and read their profiles." },
  { value: "plans:read", label: "plans:read", description: "Read coaching plans and goals." },
  { value: "checkins:read", label: "checkins:read", description: "Read check-ins and questionnaire scores (never notes)." },
  { value: "attendance:read", label: "attendance:read", description: "Read sessions booked and attended." },
  { value: "referrals:write", label: "referrals:write", description: "Refer patients with a sign-up code that proposes a consent." },
];

/** Each client scope only reads what a member's consent also allows. */
export const CLIENT_SCOPE_NOTE =
  "Every read also needs the member's own consent to that kind of information; a client's scopes are the most it can ever ask for.";
