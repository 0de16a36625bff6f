import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BARC10, GAD7, INSTRUMENTS, INSTRUMENTS_BY_KEY, PHQ9, PHQ9_SELF_HARM_ITEM, WHO5, emptyAnswers, isComplete } from "./instruments";

/** The API's own statement of each questionnaire: "PHQ-9: 9 answers, 0-3." in the OpenAPI spec. */
function specInstruments(): Record<string, { name: string; items: number; low: number; high: number }> {
  const spec = JSON.parse(readFileSync(resolve(__dirname, "../../../../openapi/openapi.json"), "utf8")) as {
    components: { schemas: { InstrumentAnswers: { properties: Record<string, { description: string }> } } };
  };
  const result: Record<string, { name: string; items: number; low: number; high: number }> = {};
  for (const [key, property] of Object.entries(spec.components.schemas.InstrumentAnswers.properties)) {
    const match = /^(.+): (\d+) answers, (\d+)-(\d+)\.$/.exec(property.description);
    if (!match) throw new Error(`Unexpected description for ${key}: ${property.description}`);
    result[key] = { name: match[1]!, items: Number(match[2]), low: Number(match[3]), high: Number(match[4]) };
  }
  return result;
}

describe("questionnaire definitions", () => {
  it("match the API's instruments: names, item counts and answer ranges", () => {
    const spec = specInstruments();
    expect(Object.keys(spec).sort()).toEqual(INSTRUMENTS.map((instrument) => instrument.key).sort());
    for (const instrument of INSTRUMENTS) {
      const api = spec[instrument.key]!;
      expect(instrument.name).toBe(api.name);
      expect(instrument.items).toHaveLength(api.items);
      expect([instrument.low, instrument.high]).toEqual([api.low, api.high]);
    }
  });

  it("use the published counts and ranges", () => {
    expect([PHQ9.items.length, PHQ9.low, PHQ9.high]).toEqual([9, 0, 3]);
    expect([GAD7.items.length, GAD7.low, GAD7.high]).toEqual([7, 0, 3]);
    expect([WHO5.items.length, WHO5.low, WHO5.high]).toEqual([5, 0, 5]);
    expect([BARC10.items.length, BARC10.low, BARC10.high]).toEqual([10, 1, 6]);
    expect([PHQ9.scoreMin, PHQ9.scoreMax, GAD7.scoreMax, WHO5.scoreMax, BARC10.scoreMin, BARC10.scoreMax]).toEqual([
      0, 27, 21, 100, 10, 60,
    ]);
  });

  it.each(INSTRUMENTS.map((instrument) => [instrument.name, instrument] as const))(
    "%s offers every answer value from low to high exactly once, each with a label",
    (_name, instrument) => {
      const values = instrument.options.map((option) => option.value).sort((a, b) => a - b);
      const expected = Array.from({ length: instrument.high - instrument.low + 1 }, (_, index) => instrument.low + index);
      expect(values).toEqual(expected);
      for (const option of instrument.options) expect(option.label.trim()).not.toBe("");
      expect(new Set(instrument.items).size).toBe(instrument.items.length);
      for (const item of instrument.items) expect(item.trim().length).toBeGreaterThan(5);
      expect(instrument.stem).toMatch(/\w/);
      expect(instrument.source).toMatch(/\w/);
      expect(INSTRUMENTS_BY_KEY[instrument.key]).toBe(instrument);
    },
  );

  it("keep the published answer wording and order", () => {
    expect(PHQ9.options.map((option) => option.label)).toEqual([
      "Not at all",
      "Several days",
      "More than half the days",
      "Nearly every day",
    ]);
    expect(GAD7.options).toBe(PHQ9.options);
    expect(WHO5.options.map((option) => [option.value, option.label])).toEqual([
      [5, "All of the time"],
      [4, "Most of the time"],
      [3, "More than half of the time"],
      [2, "Less than half of the time"],
      [1, "Some of the time"],
      [0, "At no time"],
    ]);
    expect(BARC10.options[0]).toEqual({ value: 1, label: "Strongly disagree" });
    expect(BARC10.options[5]).toEqual({ value: 6, label: "Strongly agree" });
  });

  it("know which PHQ-9 item is the self-harm question the server treats as a risk signal", () => {
    expect(PHQ9.items[PHQ9_SELF_HARM_ITEM]).toMatch(/better off dead or of hurting yourself/);
    expect(PHQ9_SELF_HARM_ITEM).toBe(8);
  });

  it("only call answers complete when every item has a value in range", () => {
    const answers = emptyAnswers(GAD7);
    expect(answers).toEqual([null, null, null, null, null, null, null]);
    expect(isComplete(GAD7, answers)).toBe(false);
    expect(isComplete(GAD7, [0, 1, 2, 3, 0, 1, 2])).toBe(true);
    expect(isComplete(GAD7, [0, 1, 2, 3, 0, 1, 4])).toBe(false);
    expect(isComplete(GAD7, [0, 1, 2, 3, 0, 1])).toBe(false);
    expect(isComplete(BARC10, Array(10).fill(0))).toBe(false);
    expect(isComplete(BARC10, Array(10).fill(6))).toBe(true);
  });
});
