/** The report form's rules, kept apart from the dialog so they can be tested on their own. */
import type { FieldErrors } from "../../lib/problems";
import type { ReportCategory, ReportCreate } from "./queries";

export const REPORT_TEXT_MIN = 10;
export const REPORT_TEXT_MAX = 5000;

export const REPORT_FIELDS = ["category", "text", "subject_member_id"] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export interface ReportValues {
  category: ReportCategory | "";
  text: string;
  /** "" when the report is about the session or group rather than one person. */
  subjectId: string;
}

export const EMPTY_REPORT: ReportValues = { category: "", text: "", subjectId: "" };

/** The same limits the API applies, said kindly, so nothing is lost to a round trip. */
export function validateReport(values: ReportValues, { memberRequired = false } = {}): FieldErrors<ReportField> {
  const errors: FieldErrors<ReportField> = {};
  if (!values.category) errors.category = ["Choose what the concern is about."];
  const length = values.text.trim().length;
  if (length < REPORT_TEXT_MIN) {
    errors.text = [
      length === 0
        ? `Tell us what happened, in at least ${REPORT_TEXT_MIN} characters.`
        : `A little more, please: at least ${REPORT_TEXT_MIN} characters (${REPORT_TEXT_MIN - length} to go).`,
    ];
  } else if (length > REPORT_TEXT_MAX) {
    errors.text = [`Please keep it under ${REPORT_TEXT_MAX.toLocaleString("en-GB")} characters.`];
  }
  if (memberRequired && !values.subjectId) errors.subject_member_id = ["Choose who it is about."];
  return errors;
}

/** The request body: only the context that applies. */
export function reportBody(
  values: ReportValues & { category: ReportCategory },
  context: { sessionId?: string | undefined; groupId?: string | undefined; postId?: string | undefined; messageId?: string | undefined },
): ReportCreate {
  // A post or message names its own group (or coaching): the API finds the rest.
  const about = context.postId
    ? { post_id: context.postId }
    : context.messageId
      ? { message_id: context.messageId }
      : context.sessionId
        ? { session_id: context.sessionId }
        : context.groupId
          ? { group_id: context.groupId }
          : {};
  return {
    category: values.category,
    text: values.text.trim(),
    ...(values.subjectId ? { subject_member_id: values.subjectId } : {}),
    ...about,
  };
}
