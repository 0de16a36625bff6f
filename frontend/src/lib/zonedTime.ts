/**
 * Wall-clock times in a named (IANA) time zone, without a date library.
 *
 * Facilitators enter "19:00 on 1 December" in their group's zone; the API wants RFC 3339 with
 * the offset that applies on that date (+00:00 in a London winter, +01:00 in summer). The
 * offset is read from the browser's own time zone data through Intl.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A calendar date and a wall-clock time, as a date and a time input give them. */
export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM (24-hour) */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True if the browser knows this IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(instant: number, timeZone: string): WallParts {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: (values.hour ?? 0) % 24,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in whole minutes (east positive). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const wall = wallParts(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / MINUTE);
}

/** "+01:00", "-05:00", "+05:30"; "Z" is never used so the offset is always explicit. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

function parseLocal({ date, time }: LocalDateTime): number | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!dateMatch || !timeMatch) return null;
  const [year, month, day] = dateMatch.slice(1, 4).map(Number) as [number, number, number];
  const [hour, minute] = timeMatch.slice(1, 3).map(Number) as [number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Reject dates that rolled over (31 February becomes 3 March).
  return new Date(wall).getUTCDate() === day ? wall : null;
}

/**
 * The instant (ms since the epoch) of a wall-clock time in `timeZone`.
 *
 * Clocks going back make some times happen twice: the earlier one is used. Clocks going forward
 * skip some times: those are moved forward by the gap (01:30 on the spring change in London is
 * 02:30 BST), as calendar apps and Temporal's "compatible" rule do. Null if the input is invalid.
 */
export function zonedInstant(local: LocalDateTime, timeZone: string): number | null {
  const wall = parseLocal(local);
  if (wall === null || !isKnownTimeZone(timeZone)) return null;
  const before = offsetMinutes(wall - DAY, timeZone) * MINUTE;
  const after = offsetMinutes(wall + DAY, timeZone) * MINUTE;
  const candidates = [wall - before, wall - after]
    .filter((instant) => offsetMinutes(instant, timeZone) * MINUTE === wall - instant)
    .sort((a, b) => a - b);
  // No candidate fits: the time falls in a gap; read it with the offset from before the change.
  return candidates[0] ?? wall - before;
}

/** The wall-clock date and time of an instant in `timeZone`, for prefilling inputs. */
export function localDateTimeOf(instant: number | string, timeZone: string): LocalDateTime {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant;
  const wall = wallParts(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
  };
}

/** RFC 3339 with the zone's offset on that date: "2026-12-01T19:00:00+00:00". */
export function toRfc3339InZone(local: LocalDateTime, timeZone: string): string | null {
  const instant = zonedInstant(local, timeZone);
  if (instant === null) return null;
  const wall = localDateTimeOf(instant, timeZone);
  return `${wall.date}T${wall.time}:00${formatOffset(offsetMinutes(instant, timeZone))}`;
}

/** ISO weekday code (RFC 5545 BYDAY) of a YYYY-MM-DD date: "MO" … "SU". */
export function weekdayOfDate(date: string): WeekdayCode | null {
  const wall = parseLocal({ date, time: "12:00" });
  if (wall === null) return null;
  return WEEKDAY_CODES_SUNDAY_FIRST[new Date(wall).getUTCDay()] ?? null;
}

export type WeekdayCode = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
const WEEKDAY_CODES_SUNDAY_FIRST: WeekdayCode[] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/** Today's date (YYYY-MM-DD) in a zone. */
export function todayInZone(timeZone: string, now = Date.now()): string {
  return localDateTimeOf(now, timeZone).date;
}
