/** Words for the coaching API's codes: statuses, questionnaire bands, trends. */
import type { GoalStatus, PlanStatus, Relationship, Trend } from "./queries";

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: "Draft",
  active: "Active",
  paused: "Paused",
  completed: "Completed",
};

export const PLAN_STATUS_HINTS: Record<PlanStatus, string> = {
  draft: "Still taking shape.",
  active: "Working on it now.",
  paused: "Resting for a while: nothing is lost.",
  completed: "Finished: well done for seeing it through.",
};

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  not_started: "Not started yet",
  in_progress: "In progress",
  achieved: "Achieved",
  set_aside: "Set aside for now",
};

export const RELATIONSHIP_STATUS_LABELS: Record<Relationship["status"], string> = {
  requested: "Asked, waiting for an answer",
  invited: "Invitation waiting for an answer",
  active: "Working together",
  declined: "Declined",
  ended: "Ended",
};

/** Published bands, said plainly and without alarm. Unknown codes are shown as words. */
const BAND_LABELS: Record<string, string> = {
  minimal: "Minimal",
  mild: "Mild",
  moderate: "Moderate",
  moderately_severe: "Moderately severe",
  severe: "Severe",
  likely_depression: "Low wellbeing: worth talking through with someone",
  poor_wellbeing: "Lower wellbeing",
  good_wellbeing: "Good wellbeing",
  sustained_remission_range: "Strong recovery capital",
  building: "Building recovery capital",
};

export function bandLabel(band: string): string {
  return BAND_LABELS[band] ?? band.replaceAll("_", " ").replace(/^\w/, (letter) => letter.toUpperCase());
}

/** One decimal at most: 6.43 → "6.4", 7 → "7". */
export function formatAverage(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  return String(Math.round(value * 10) / 10);
}

const COMPARED = "the 4 weeks before";

/**
 * The trend in words, e.g. "Mood: better than the 4 weeks before (average 6.5, was 5.2)."
 * For cravings "better" means weaker cravings; the API has already worked out the direction.
 */
export function trendSentence(subject: "Mood" | "Cravings", trend: Trend): string {
  const numbers =
    trend.recent !== null && trend.previous !== null
      ? ` (average ${formatAverage(trend.recent)} out of 10, was ${formatAverage(trend.previous)})`
      : "";
  switch (trend.direction) {
    case "better":
      return subject === "Cravings"
        ? `Cravings: easier than ${COMPARED}${numbers}.`
        : `Mood: better than ${COMPARED}${numbers}.`;
    case "harder":
      return subject === "Cravings"
        ? `Cravings: stronger than ${COMPARED}${numbers}. That's worth talking about with someone you trust.`
        : `Mood: harder than ${COMPARED}${numbers}. That's worth talking about with someone you trust.`;
    case "steady":
      return `${subject}: about the same as ${COMPARED}${numbers}.`;
    default:
      return `${subject}: not enough check-ins yet to compare with ${COMPARED}.`;
  }
}
