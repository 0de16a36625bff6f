import { describe, expect, it } from "vitest";
import { bandLabel, formatAverage, trendSentence } from "./labels";
import { MOOD_SERIES, SCORE_SERIES, chartSeries, chartSummary, seriesWithData, tableOf, weekLabel } from "./progressData";
import type { WeekPoint } from "./queries";

function week(date: string, values: Partial<WeekPoint> = {}): WeekPoint {
  return {
    week: date,
    check_ins: 0,
    mood: null,
    craving: null,
    phq9: null,
    gad7: null,
    who5: null,
    barc10: null,
    goals_achieved: 0,
    ...values,
  };
}

const WEEKS: WeekPoint[] = [
  week("2026-11-16", { check_ins: 3, mood: 5.33, craving: 4, phq9: 11 }),
  week("2026-11-23", { check_ins: 0, goals_achieved: 1 }),
  week("2026-11-30", { check_ins: 2, mood: 6.5, craving: 2.25, phq9: 8.5, who5: 48 }),
];

describe("chart data", () => {
  it("gives one label per week and a dataset per series with data; empty weeks are gaps, not zeros", () => {
    const mood = chartSeries(WEEKS, MOOD_SERIES);
    expect(mood.labels).toEqual(["16 Nov", "23 Nov", "30 Nov"]);
    expect(mood.datasets.map((dataset) => dataset.def.key)).toEqual(["mood", "craving"]);
    expect(mood.datasets[0]!.data).toEqual([5.33, null, 6.5]);
    expect(mood.datasets[1]!.data).toEqual([4, null, 2.25]);

    const scores = chartSeries(WEEKS, SCORE_SERIES);
    expect(scores.datasets.map((dataset) => [dataset.def.key, dataset.def.axis])).toEqual([
      ["phq9", "y"],
      ["who5", "y1"],
    ]);
  });

  it("adds the year to labels when the weeks cross a new year", () => {
    const labels = chartSeries([week("2026-12-28", { mood: 5 }), week("2027-01-04", { mood: 6 })], MOOD_SERIES).labels;
    expect(labels).toEqual(["28 Dec 2026", "4 Jan 2027"]);
    expect(weekLabel("2026-11-23", true)).toBe("23 Nov 2026");
  });

  it("leaves out questionnaires nobody answered", () => {
    expect(seriesWithData(WEEKS, SCORE_SERIES).map((def) => def.key)).toEqual(["phq9", "who5"]);
    expect(seriesWithData([week("2026-11-16", { mood: 5 })], SCORE_SERIES)).toEqual([]);
  });

  it("gives every series its own dash pattern, so lines differ by more than colour", () => {
    for (const series of [MOOD_SERIES, SCORE_SERIES]) {
      expect(new Set(series.map((def) => def.dash.join(","))).size).toBe(series.length);
    }
  });
});

describe("chart data as a table", () => {
  it("maps the same numbers to rows per week and columns per series, with check-in counts", () => {
    const table = tableOf(WEEKS, MOOD_SERIES);
    expect(table.columns).toEqual(["Week of", "Mood (1 to 10)", "Cravings (0 to 10)", "Check-ins"]);
    expect(table.rows).toEqual([
      { week: "16 Nov 2026", cells: ["5.3", "4", "3"] },
      { week: "23 Nov 2026", cells: ["none", "none", "0"] },
      { week: "30 Nov 2026", cells: ["6.5", "2.3", "2"] },
    ]);
  });

  it("has exactly the chart's series as columns", () => {
    const table = tableOf(WEEKS, SCORE_SERIES);
    const chart = chartSeries(WEEKS, SCORE_SERIES);
    expect(table.columns.slice(1, -1)).toEqual(chart.datasets.map((dataset) => dataset.def.label));
    expect(table.rows.map((row) => row.cells.slice(0, -1))).toEqual([
      ["11", "none"],
      ["none", "none"],
      ["8.5", "48"],
    ]);
    for (const [index, row] of table.rows.entries()) {
      chart.datasets.forEach((dataset, column) => {
        const value = dataset.data[index];
        expect(row.cells[column]).toBe(value === null ? "none" : formatAverage(value));
      });
    }
  });

  it("describes the chart in one sentence for its accessible name", () => {
    expect(chartSummary("Mood and cravings", WEEKS, MOOD_SERIES)).toBe(
      "Mood and cravings, weekly averages from 16 Nov 2026 to 30 Nov 2026: Mood (1 to 10), Cravings (0 to 10). The numbers are in the table.",
    );
    expect(chartSummary("Questionnaire scores", [], SCORE_SERIES)).toBe("Questionnaire scores: no check-ins in this period yet.");
  });
});

describe("trends and bands in words", () => {
  it("says how mood and cravings compare with the 4 weeks before", () => {
    expect(trendSentence("Mood", { direction: "better", recent: 6.5, previous: 5.2 })).toBe(
      "Mood: better than the 4 weeks before (average 6.5 out of 10, was 5.2).",
    );
    expect(trendSentence("Cravings", { direction: "better", recent: 2, previous: 4 })).toBe(
      "Cravings: easier than the 4 weeks before (average 2 out of 10, was 4).",
    );
    expect(trendSentence("Mood", { direction: "steady", recent: 6, previous: 6.1 })).toMatch(/^Mood: about the same as the 4 weeks before/);
    expect(trendSentence("Cravings", { direction: "harder", recent: 5, previous: 3 })).toMatch(
      /^Cravings: stronger than the 4 weeks before \(average 5 out of 10, was 3\)\. That's worth talking about/,
    );
    expect(trendSentence("Mood", { direction: "not_enough_data", recent: 6, previous: null })).toBe(
      "Mood: not enough check-ins yet to compare with the 4 weeks before.",
    );
  });

  it("names the published bands plainly", () => {
    expect(bandLabel("moderately_severe")).toBe("Moderately severe");
    expect(bandLabel("good_wellbeing")).toBe("Good wellbeing");
    expect(bandLabel("something_new")).toBe("Something new");
  });
});
