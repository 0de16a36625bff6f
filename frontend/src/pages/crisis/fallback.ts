/**
 * Crisis numbers bundled with the app, shown when the API cannot be reached, so /help never
 * fails. Keep in step with api/data/crisis_lines.json (same sources, same checked dates).
 */
import type { components } from "../../api/schema";

export type CrisisResources = components["schemas"]["CrisisResources"];
export type CrisisLine = components["schemas"]["CrisisLine"];

const CHECKED_ON = "2026-11-25";

export const HELPLINE_DIRECTORY: components["schemas"]["HelplineDirectory"] = {
  name: "Find A Helpline",
  url: "https://findahelpline.com",
  description: "Free, confidential helplines in many more countries.",
};

const FALLBACK_LINES: Record<string, CrisisLine[]> = {
  US: [
    {
      region: "US",
      name: "988 Suicide & Crisis Lifeline",
      description: "Free, confidential support for people in distress, including substance use crises. Call or text 988, or chat online.",
      phone: "988",
      sms: "988",
      sms_keyword: null,
      url: "https://988lifeline.org",
      hours: "24/7",
      languages: ["en", "es"],
      source_url: "https://988lifeline.org",
      checked_on: CHECKED_ON,
    },
  ],
  GB: [
    {
      region: "GB",
      name: "Samaritans",
      description: "Talk to someone about anything that is troubling you, day or night.",
      phone: "116 123",
      sms: null,
      sms_keyword: null,
      url: "https://www.samaritans.org",
      hours: "24/7",
      languages: ["en", "cy"],
      source_url: "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
      checked_on: CHECKED_ON,
    },
    {
      region: "GB",
      name: "Shout",
      description: "Free, confidential text support for anyone struggling to cope.",
      phone: null,
      sms: "85258",
      sms_keyword: "SHOUT",
      url: "https://giveusashout.org",
      hours: "24/7",
      languages: ["en"],
      source_url: "https://giveusashout.org",
      checked_on: CHECKED_ON,
    },
  ],
};

const EMERGENCY_NUMBERS: Record<string, string> = { US: "911", CA: "911", GB: "999" };
/** The European emergency number, also answered by many phones elsewhere. */
export const DEFAULT_EMERGENCY_NUMBER = "112";

export const FALLBACK_REGIONS = Object.keys(FALLBACK_LINES);

/** The regions the bundled numbers cover, for the region picker when the API is away. */
const FALLBACK_REGION_LIST: components["schemas"]["CrisisRegion"][] = [
  { code: "GB", name: "United Kingdom", emergency_number: "999" },
  { code: "US", name: "United States", emergency_number: "911" },
];

export function fallbackCrisisResources(region: string): CrisisResources {
  return {
    region,
    emergency_number: EMERGENCY_NUMBERS[region] ?? DEFAULT_EMERGENCY_NUMBER,
    lines: FALLBACK_LINES[region] ?? [],
    directory: HELPLINE_DIRECTORY,
    regions: FALLBACK_REGION_LIST,
  };
}
