/**
 * The simple repeat picker of the schedule form, as an RFC 5545 RRULE value.
 *
 * Three choices cover almost every peer-support meeting: once, weekly on chosen weekdays, or
 * every two weeks on the first session's weekday; "number of sessions" becomes COUNT.
 */
import { weekdayOfDate, type WeekdayCode } from "./zonedTime";

export type Repeat = "none" | "weekly" | "fortnightly";

export const WEEKDAYS: { code: WeekdayCode; label: string; short: string }[] = [
  { code: "MO", label: "Monday", short: "Mon" },
  { code: "TU", label: "Tuesday", short: "Tue" },
  { code: "WE", label: "Wednesday", short: "Wed" },
  { code: "TH", label: "Thursday", short: "Thu" },
  { code: "FR", label: "Friday", short: "Fri" },
  { code: "SA", label: "Saturday", short: "Sat" },
  { code: "SU", label: "Sunday", short: "Sun" },
];

/** The most sessions one series may create (the API makes at most 200 occurrences). */
export const MAX_SESSIONS = 200;

export interface RepeatChoice {
  repeat: Repeat;
  /** Weekly: the days it meets. Fortnightly uses the first session's day. */
  weekdays: WeekdayCode[];
  /** How many sessions in all, including the first. */
  count: number;
  /** The first session's date (YYYY-MM-DD). */
  firstDate: string;
}

export type RepeatProblem = "weekdays" | "count" | "first_date";

export type RRuleResult =
  | { ok: true; rrule: string | null }
  | { ok: false; field: RepeatProblem; message: string };

function inWeekOrder(days: WeekdayCode[]): WeekdayCode[] {
  const order = WEEKDAYS.map((day) => day.code);
  return [...new Set(days)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The RRULE for a repeat choice (null for a one-off), or the field that needs attention. */
export function buildRRule(choice: RepeatChoice): RRuleResult {
  if (choice.repeat === "none") return { ok: true, rrule: null };
  const firstDay = weekdayOfDate(choice.firstDate);
  if (!firstDay) return { ok: false, field: "first_date", message: "Choose the date of the first session." };
  if (!Number.isInteger(choice.count) || choice.count < 2 || choice.count > MAX_SESSIONS) {
    return { ok: false, field: "count", message: `A repeating session needs 2 to ${MAX_SESSIONS} sessions.` };
  }
  if (choice.repeat === "fortnightly") {
    return { ok: true, rrule: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${firstDay};COUNT=${choice.count}` };
  }
  const days = inWeekOrder(choice.weekdays);
  if (days.length === 0) return { ok: false, field: "weekdays", message: "Choose at least one day of the week." };
  if (!days.includes(firstDay)) {
    const label = WEEKDAYS.find((day) => day.code === firstDay)?.label ?? firstDay;
    return {
      ok: false,
      field: "first_date",
      message: `The first session is on a ${label}: choose that day too, or pick a first date on one of the chosen days.`,
    };
  }
  return { ok: true, rrule: `FREQ=WEEKLY;BYDAY=${days.join(",")};COUNT=${choice.count}` };
}

/** A plain-language summary for the form: "Every week on Tuesday and Thursday, 12 sessions". */
export function describeRepeat(choice: RepeatChoice): string {
  if (choice.repeat === "none") return "One session";
  const names = (codes: WeekdayCode[]) =>
    inWeekOrder(codes).map((code) => WEEKDAYS.find((day) => day.code === code)?.label ?? code);
  const list = (items: string[]) =>
    items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
  const count = `${choice.count} sessions`;
  if (choice.repeat === "fortnightly") {
    const first = weekdayOfDate(choice.firstDate);
    return first ? `Every 2 weeks on ${list(names([first]))}, ${count}` : `Every 2 weeks, ${count}`;
  }
  return choice.weekdays.length ? `Every week on ${list(names(choice.weekdays))}, ${count}` : `Every week, ${count}`;
}
