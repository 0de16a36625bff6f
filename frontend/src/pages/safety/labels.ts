/** Words for the safety screens: report categories, moderation actions and access-log entries. */
import type { AccessLogEntry, ModerationAction, ReportAction, ReportCategory, ReportStatus } from "./queries";

export interface CategoryInfo {
  value: ReportCategory;
  label: string;
  description: string;
}

/** In the order the report form offers them: the most common first, "something else" last. */
export const CATEGORIES: readonly CategoryInfo[] = [
  {
    value: "harassment",
    label: "Harassment or bullying",
    description: "Insults, threats, unwanted contact, or picking on someone.",
  },
  {
    value: "hate",
    label: "Hateful words",
    description: "Attacking someone for who they are: race, religion, gender, sexuality, disability or similar.",
  },
  {
    value: "dominating",
    label: "Not letting others share",
    description: "Talking over people, taking up the whole session, or ignoring the facilitator.",
  },
  {
    value: "triggering_content",
    label: "Upsetting detail without warning",
    description: "Graphic descriptions of using, self-harm or trauma, without a content note.",
  },
  {
    value: "self_harm_concern",
    label: "Worried about someone's safety",
    description: "Something someone said makes you worry they might hurt themselves.",
  },
  {
    value: "harmful_advice",
    label: "Possibly harmful advice",
    description: "Advice that could hurt someone: about medication, stopping treatment, or risky ways to cope.",
  },
  {
    value: "privacy",
    label: "Sharing private things",
    description: "Passing on what someone shared in the group, or their name, photo or contact details.",
  },
  {
    value: "spam",
    label: "Spam or selling",
    description: "Advertising, recruiting, or links that don't belong here.",
  },
  {
    value: "other",
    label: "Something else",
    description: "Anything else that made the group or session feel unsafe.",
  },
];

export function categoryLabel(category: ReportCategory): string {
  return CATEGORIES.find((item) => item.value === category)?.label ?? category;
}

export const STATUS_LABELS: Record<ReportStatus, string> = {
  open: "Open",
  actioned: "Acted on",
  dismissed: "Dismissed",
};

export interface ActionInfo {
  value: ReportAction;
  label: string;
  /** What happens, for the moderator choosing. */
  effect: string;
}

export const ACTIONS: readonly ActionInfo[] = [
  { value: "warn", label: "Send a warning", effect: "They get a note with your reason. Nothing else changes." },
  { value: "mute", label: "Mute in this group", effect: "They can still read the group but cannot take part, for the days you choose." },
  { value: "remove", label: "Remove from the group", effect: "Their membership ends and their bookings in this group are cancelled." },
  { value: "ban", label: "Suspend the account", effect: "They are signed out everywhere and can only read their notices, appeal or export their data." },
  { value: "hide_post", label: "Hide the post", effect: "The post is hidden from the group; its author is told your reason and can appeal once." },
  { value: "dismiss", label: "Dismiss: no action needed", effect: "The report is closed. The member is not told about it." },
];

export function actionLabel(action: ReportAction): string {
  return ACTIONS.find((item) => item.value === action)?.label ?? action;
}

/**
 * The actions that can apply to a report: acting needs a named member, muting and removing need
 * a group, and only admins suspend accounts. Dismissing is always possible.
 */
export function availableActions(
  report: { hasSubject: boolean; groupId: string | null; postId?: string | null },
  isAdmin: boolean,
): ReportAction[] {
  const actions: ReportAction[] = [];
  if (report.postId) actions.push("hide_post");
  if (report.hasSubject) {
    actions.push("warn");
    if (report.groupId) actions.push("mute", "remove");
    if (isAdmin) actions.push("ban");
  }
  actions.push("dismiss");
  return actions;
}

/** What the moderator's choice will do, in one sentence for the confirmation step. */
export function decisionSummary(action: ReportAction, name: string | null, muteDays: number): string {
  const who = name ?? "this member";
  switch (action) {
    case "warn":
      return `${who} will get a warning with your reason.`;
    case "mute":
      return `${who} will be muted in this group for ${muteDays} ${muteDays === 1 ? "day" : "days"}.`;
    case "remove":
      return `${who} will be removed from this group and their bookings in it cancelled.`;
    case "ban":
      return `${who}'s account will be suspended and signed out everywhere.`;
    case "hide_post":
      return "The post will be hidden, and its author told your reason.";
    case "dismiss":
      return "The report will be closed without action. No one is told.";
  }
}

/** Said after the decision was made. */
export function decisionDone(action: ReportAction, name: string | null, muteDays: number): string {
  const who = name ?? "The member";
  switch (action) {
    case "warn":
      return `Done: ${who} has been sent a warning.`;
    case "mute":
      return `Done: ${who} is muted in the group for ${muteDays} ${muteDays === 1 ? "day" : "days"}.`;
    case "remove":
      return `Done: ${who} has been removed from the group.`;
    case "ban":
      return `Done: ${who}'s account is suspended.`;
    case "hide_post":
      return "Done: the post is hidden and its author was told why.";
    case "dismiss":
      return "Done: the report is dismissed.";
  }
}

/** Headings for the notices a member sees about themselves: plain, not alarming. */
export const NOTICE_TITLES: Record<ModerationAction["kind"], string> = {
  warn: "A note from the moderators",
  mute: "You were muted in a group",
  remove: "You were removed from a group",
  ban: "Your account was suspended",
  hide_post: "A facilitator hid one of your posts",
};

/** The kind of action, as a noun, for moderators. */
export const KIND_LABELS: Record<ModerationAction["kind"], string> = {
  warn: "Warning",
  mute: "Mute",
  remove: "Removal from a group",
  ban: "Account suspension",
  hide_post: "Post hidden",
};

export const APPEAL_STATUS_LABELS: Record<NonNullable<ModerationAction["appeal_status"]>, string> = {
  pending: "Your appeal is waiting for a decision",
  upheld: "Your appeal was reviewed and the decision stands",
  overturned: "Your appeal was accepted and the action undone",
};

/** True while an action can still be appealed: only once, and not after an appeal was made. */
export function canAppeal(action: Pick<ModerationAction, "appealed_at" | "appeal_status">): boolean {
  return action.appealed_at === null && action.appeal_status === null;
}

/** A mute or suspension still in force (a mute ends at expires_at; an overturned action is undone). */
export function isInForce(action: Pick<ModerationAction, "kind" | "expires_at" | "appeal_status">, now = Date.now()): boolean {
  if (action.appeal_status === "overturned") return false;
  if (action.kind === "mute") return action.expires_at !== null && Date.parse(action.expires_at) > now;
  return action.kind === "ban" || action.kind === "remove";
}

/** A member whose account is suspended has a suspension among their notices that was not overturned. */
export function isSuspended(actions: readonly Pick<ModerationAction, "kind" | "appeal_status">[]): boolean {
  return actions.some((action) => action.kind === "ban" && action.appeal_status !== "overturned");
}

// Access log: the API records which route was read ("GET /api/v1/coaching-plans/<uuid:plan_id>/check-ins").
// Most specific first: the first pattern that matches the route names what was seen.
const ACCESS_WHAT: readonly [RegExp, string][] = [
  [/\/check-ins(\/|$)/, "your check-ins"],
  [/\/progress(\/|$)/, "your progress"],
  [/\/notes(\/|$)/, "coach notes"],
  [/\/steps(\/|$)/, "your action steps"],
  [/\/goals(\/|$)/, "your goals"],
  [/\/attendance(\/|$)/, "your session attendance"],
  [/\/fhir(\/|$)/, "a summary of your plan and check-ins"],
  [/\/milestones(\/|$)/, "your recovery milestones"],
  [/\/coaching-plans(\/|$)/, "your coaching plan"],
  [/\/consents(\/|$)/, "what you have shared with clinics"],
  [/\/members\/[^/\s]+(\/|$)/, "your profile"],
];

/** The route string of an access-log entry, as words ("your check-ins"). */
export function describeAccess(what: string): string {
  const path = what.replace(/^[A-Z]+\s+/, "").split("?")[0] ?? "";
  for (const [pattern, words] of ACCESS_WHAT) {
    if (pattern.test(path)) return words;
  }
  return "your private information";
}

export const VIEWER_ROLE_LABELS: Record<AccessLogEntry["viewer_role"], string> = {
  coach: "Coach",
  clinic: "Partner clinic",
  admin: "Peerway team",
  facilitator: "Group facilitator",
};

/** The audit log's action names ("moderation.mute") as words where known. */
const AUDIT_ACTIONS: Record<string, string> = {
  "moderation.warn": "Warning sent",
  "moderation.mute": "Member muted",
  "moderation.remove": "Member removed from a group",
  "moderation.ban": "Account suspended",
  "moderation.appealed": "Action appealed",
  "moderation.appeal_upheld": "Appeal upheld",
  "moderation.appeal_overturned": "Appeal accepted, action undone",
  "report.dismissed": "Report dismissed",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}
