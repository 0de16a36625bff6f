/** "25 November 2026" for a YYYY-MM-DD date, read as a calendar date (no time zone shift). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return "";
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  if (!year || !month || !day) return isoDate;
  return new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(year, month - 1, day)));
}

/** A date and time in the member's own time zone when known. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(undefined, {
      dateStyle: "medium",
      timeStyle: "short",
      ...(timeZone ? { timeZone } : {}),
    }).format(date);
  } catch {
    return date.toLocaleString();
  }
}

/** Today as YYYY-MM-DD in local time, for a date input's max. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function safeFormat(options: Intl.DateTimeFormatOptions, date: Date, timeZone?: string | null): string {
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

/** "Tuesday 1 December" (with the year when it is not this year) in a zone. */
export function formatDay(iso: string, timeZone?: string | null, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameYear = safeFormat({ year: "numeric" }, date, timeZone) === safeFormat({ year: "numeric" }, now, timeZone);
  return safeFormat({ weekday: "long", day: "numeric", month: "long", ...(sameYear ? {} : { year: "numeric" }) }, date, timeZone);
}

/** "19:00" (or "7:00 pm", as the member's locale prefers) in a zone. */
export function formatTime(iso: string, timeZone?: string | null): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return safeFormat({ hour: "numeric", minute: "2-digit" }, date, timeZone);
}

/** "Tuesday 1 December, 19:00 to 20:30" in a zone. */
export function formatSessionWhen(startsAt: string, endsAt: string | null | undefined, timeZone?: string | null): string {
  const day = formatDay(startsAt, timeZone);
  const start = formatTime(startsAt, timeZone);
  return endsAt ? `${day}, ${start} to ${formatTime(endsAt, timeZone)}` : `${day}, ${start}`;
}

/** The zone's short name at that moment: "GMT", "BST" or "GMT+1", for "times shown in …". */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
      .formatToParts(at)
      .find((item) => item.type === "timeZoneName");
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
