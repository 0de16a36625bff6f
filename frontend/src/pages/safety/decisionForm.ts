/** Rules of the moderators' forms (decide a report, decide an appeal, appeal once). */
import type { FieldErrors } from "../../lib/problems";
import type { ReportAction, ReportDecision } from "./queries";

export const REASON_MIN = 5;
export const REASON_MAX = 1000;
export const MUTE_DAYS_MAX = 90;
export const DEFAULT_MUTE_DAYS = 7;
export const APPEAL_MIN = 10;
export const APPEAL_MAX = 5000;
export const NOTE_MAX = 1000;

export const DECISION_FIELDS = ["action", "reason", "mute_days"] as const;
export type DecisionField = (typeof DECISION_FIELDS)[number];

export interface DecisionValues {
  action: ReportAction | "";
  reason: string;
  muteDays: string;
}

export function validateDecision(values: DecisionValues): FieldErrors<DecisionField> {
  const errors: FieldErrors<DecisionField> = {};
  if (!values.action) errors.action = ["Choose what to do."];
  const reason = values.reason.trim().length;
  if (reason < REASON_MIN) {
    errors.reason = [
      values.action === "dismiss"
        ? `Add a short note for the record (at least ${REASON_MIN} characters).`
        : `Give the member a reason (at least ${REASON_MIN} characters).`,
    ];
  } else if (reason > REASON_MAX) {
    errors.reason = [`Please keep the reason under ${REASON_MAX} characters.`];
  }
  if (values.action === "mute") {
    const days = Number(values.muteDays);
    if (!Number.isInteger(days) || days < 1 || days > MUTE_DAYS_MAX) {
      errors.mute_days = [`Choose between 1 and ${MUTE_DAYS_MAX} days.`];
    }
  }
  return errors;
}

/**
 * The request body. The generated type requires `mute_days` (the spec gives it a default), so it
 * is always sent; the API reads it only for a mute.
 */
export function decisionBody(values: DecisionValues & { action: ReportAction }): ReportDecision {
  return {
    action: values.action,
    reason: values.reason.trim(),
    mute_days: values.action === "mute" ? Number(values.muteDays) : DEFAULT_MUTE_DAYS,
  };
}

/** An appeal: the member's side, in their words, within the API's limits. */
export function validateAppeal(text: string): string[] | undefined {
  const length = text.trim().length;
  if (length < APPEAL_MIN) return [`Say a little more: at least ${APPEAL_MIN} characters.`];
  if (length > APPEAL_MAX) return [`Please keep it under ${APPEAL_MAX.toLocaleString("en-GB")} characters.`];
  return undefined;
}
