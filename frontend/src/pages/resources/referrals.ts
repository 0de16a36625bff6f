/** Referral logic shared by the member's and the coach's lists. */
import type { components } from "../../api/schema";
import type { ReferralStatus } from "./labels";

export type Referral = components["schemas"]["Referral"];
export type ReferralUpdate = components["schemas"]["ReferralUpdate"];
type PublicProfile = components["schemas"]["PublicProfile"];

/** The member moves a referral on: to contacted, connected or not suitable, never back. */
const NEXT_STEPS: Record<ReferralStatus, ReferralStatus[]> = {
  suggested: ["contacted", "connected", "not_suitable"],
  contacted: ["connected", "not_suitable"],
  connected: [],
  not_suitable: [],
};

export function nextSteps(status: ReferralStatus): ReferralStatus[] {
  return NEXT_STEPS[status];
}

export const STEP_LABELS: Record<ReferralStatus, string> = {
  suggested: "Mark as suggested",
  contacted: "Mark as contacted",
  connected: "Mark as connected",
  not_suitable: "Not suitable…",
};

/** What the member hears after a change: short and warm. */
export const STEP_CONFIRMATIONS: Record<ReferralStatus, string> = {
  suggested: "Marked as suggested.",
  contacted: "Marked as contacted. Well done for reaching out.",
  connected: "Marked as connected. We're glad it's working out.",
  not_suitable: "Noted as not suitable. Your coach will see why, so you can look for something better together.",
};

export function isOpen(status: ReferralStatus): boolean {
  return status === "suggested" || status === "contacted";
}

/** The coach who made the referral; the spec sends null (or {}) when their account is gone. */
export function referrerOf(referral: Pick<Referral, "referred_by">): PublicProfile | null {
  const referrer = referral.referred_by;
  return referrer && "id" in referrer && "display_name" in referrer ? (referrer as PublicProfile) : null;
}

/** The body for "not suitable": the API requires a reason of 2 to 500 characters. */
export function statusUpdate(status: ReferralStatus, reason?: string): ReferralUpdate {
  return status === "not_suitable" ? { status, reason: (reason ?? "").trim() } : { status };
}
