/**
 * Progress series → what the charts draw and what the accessible table shows. Both come from
 * the same function, so the table is always a faithful alternative to the chart.
 */
import { formatAverage } from "./labels";
import type { WeekPoint } from "./queries";

export type SeriesKey = "mood" | "craving" | "phq9" | "gad7" | "who5" | "barc10";

export interface SeriesDef {
  key: SeriesKey;
  label: string;
  /** Chart.js axis id: questionnaires on two scales share one chart. */
  axis: "y" | "y1";
  /** Design-token colours (Chart.js draws on canvas, so the values are repeated here). */
  color: string;
  /** Dash pattern, so lines differ by more than colour alone. */
  dash: number[];
}

export const MOOD_SERIES: readonly SeriesDef[] = [
  { key: "mood", label: "Mood (1 to 10)", axis: "y", color: "#1d6b64", dash: [] },
  { key: "craving", label: "Cravings (0 to 10)", axis: "y", color: "#9c3a22", dash: [6, 4] },
];

export const SCORE_SERIES: readonly SeriesDef[] = [
  { key: "phq9", label: "PHQ-9 (0 to 27, lower is easier)", axis: "y", color: "#1d6b64", dash: [] },
  { key: "gad7", label: "GAD-7 (0 to 21, lower is easier)", axis: "y", color: "#7a3a10", dash: [6, 4] },
  { key: "who5", label: "WHO-5 (0 to 100, higher is better)", axis: "y1", color: "#0b57d0", dash: [2, 3] },
  { key: "barc10", label: "BARC-10 (10 to 60, higher is better)", axis: "y1", color: "#4b5659", dash: [10, 3, 2, 3] },
];

/** "23 Nov" (with the year when the weeks span more than one year) for the Monday a week starts. */
export function weekLabel(isoDate: string, withYear = false): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  if (!year || !month || !day) return isoDate;
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

function spansYears(weeks: readonly WeekPoint[]): boolean {
  return new Set(weeks.map((week) => week.week.slice(0, 4))).size > 1;
}

/** Series with at least one value in these weeks (empty questionnaires are left out). */
export function seriesWithData(weeks: readonly WeekPoint[], series: readonly SeriesDef[]): SeriesDef[] {
  return series.filter((def) => weeks.some((week) => week[def.key] !== null));
}

export interface ChartSeries {
  labels: string[];
  datasets: { def: SeriesDef; data: (number | null)[] }[];
}

/** Labels and one dataset per series; weeks without a value are gaps (null), never zero. */
export function chartSeries(weeks: readonly WeekPoint[], series: readonly SeriesDef[]): ChartSeries {
  const withYear = spansYears(weeks);
  return {
    labels: weeks.map((week) => weekLabel(week.week, withYear)),
    datasets: seriesWithData(weeks, series).map((def) => ({
      def,
      data: weeks.map((week) => week[def.key]),
    })),
  };
}

export interface DataTable {
  columns: string[];
  rows: { week: string; cells: string[] }[];
}

/**
 * The same numbers as a table: a row per week, a column per series with data, plus the number
 * of check-ins that week. Missing values read "none", not an empty cell.
 */
export function tableOf(weeks: readonly WeekPoint[], series: readonly SeriesDef[]): DataTable {
  const shown = seriesWithData(weeks, series);
  return {
    columns: ["Week of", ...shown.map((def) => def.label), "Check-ins"],
    rows: weeks.map((week) => ({
      week: weekLabel(week.week, true),
      cells: [
        ...shown.map((def) => {
          const value = week[def.key];
          return value === null ? "none" : formatAverage(value);
        }),
        String(week.check_ins),
      ],
    })),
  };
}

/** A one-line description of a chart for its canvas's accessible name. */
export function chartSummary(title: string, weeks: readonly WeekPoint[], series: readonly SeriesDef[]): string {
  const shown = seriesWithData(weeks, series);
  if (!weeks.length || !shown.length) return `${title}: no check-ins in this period yet.`;
  const first = weekLabel(weeks[0]!.week, true);
  const last = weekLabel(weeks[weeks.length - 1]!.week, true);
  return `${title}, weekly averages from ${first} to ${last}: ${shown.map((def) => def.label).join(", ")}. The numbers are in the table.`;
}
