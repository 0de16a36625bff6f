/**
 * The "find a group / find a session" filters, kept in the page's query string so a search can
 * be bookmarked, shared and restored with the back button, and turned into the API's query.
 */
import type { paths } from "../api/schema";

export type GroupListQuery = NonNullable<paths["/api/v1/groups"]["get"]["parameters"]["query"]>;
export type SessionListQuery = NonNullable<paths["/api/v1/sessions"]["get"]["parameters"]["query"]>;
export type Topic = NonNullable<GroupListQuery["topic"]>;
export type GroupFormat = NonNullable<GroupListQuery["format"]>;

/** Every topic the API knows, with a human label (a new topic in the spec fails type-checking here). */
export const TOPIC_LABELS: Record<Topic, string> = {
  addiction_recovery: "Addiction recovery",
  alcohol: "Alcohol",
  drugs: "Drugs",
  gambling: "Gambling",
  anxiety: "Anxiety",
  depression: "Depression",
  grief: "Grief and loss",
  family_and_friends: "Family and friends",
  trauma: "Trauma",
  eating_disorders: "Eating disorders",
  lgbtq: "LGBTQ+",
  young_people: "Young people",
  veterans: "Veterans",
  wellbeing: "Wellbeing",
};
export const TOPICS = Object.keys(TOPIC_LABELS) as Topic[];

export const FORMAT_LABELS: Record<GroupFormat, string> = {
  online: "Online",
  in_person: "In person",
  hybrid: "Online and in person",
};
export const FORMATS = Object.keys(FORMAT_LABELS) as GroupFormat[];

/** Languages offered in the filter and the group form; any other valid code is kept as given. */
export const COMMON_LANGUAGES = ["en", "cy", "ga", "es", "fr", "de", "nl", "it", "pt", "pl", "ro", "uk", "ar", "ur", "hi", "pa", "bn", "zh", "tr"];
/** Regions offered in the filter and the group form (ISO 3166-1 alpha-2). */
export const COMMON_REGIONS = ["GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "DE", "FR", "ES", "NL", "BE", "IT", "PT", "SE", "NO", "DK", "FI", "PL", "AT", "CH"];

const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const REGION_PATTERN = /^[A-Z]{2}$/;
const MAX_TEXT = 100;

export interface DiscoveryFilters {
  q: string;
  topic: Topic | "";
  format: GroupFormat | "";
  language: string;
  region: string;
  free: boolean;
  hasUpcoming: boolean;
}

export const NO_FILTERS: DiscoveryFilters = {
  q: "",
  topic: "",
  format: "",
  language: "",
  region: "",
  free: false,
  hasUpcoming: false,
};

function isTopic(value: string): value is Topic {
  return (TOPICS as string[]).includes(value);
}

function isFormat(value: string): value is GroupFormat {
  return (FORMATS as string[]).includes(value);
}

function isYes(value: string | null): boolean {
  return value === "true" || value === "1" || value === "yes";
}

/** Read filters from a query string; values the API would refuse are dropped, not sent. */
export function filtersFromSearch(params: URLSearchParams): DiscoveryFilters {
  const q = (params.get("q") ?? "").trim().slice(0, MAX_TEXT);
  const topic = params.get("topic") ?? "";
  const format = params.get("format") ?? "";
  const language = params.get("language") ?? "";
  const region = (params.get("region") ?? "").toUpperCase();
  return {
    q,
    topic: isTopic(topic) ? topic : "",
    format: isFormat(format) ? format : "",
    language: LANGUAGE_PATTERN.test(language) ? language : "",
    region: REGION_PATTERN.test(region) ? region : "",
    free: isYes(params.get("free")),
    hasUpcoming: isYes(params.get("has_upcoming")),
  };
}

/** The query string for a set of filters: only what is set, in a stable order. */
export function searchFromFilters(filters: DiscoveryFilters): URLSearchParams {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q) params.set("q", q.slice(0, MAX_TEXT));
  if (filters.topic) params.set("topic", filters.topic);
  if (filters.format) params.set("format", filters.format);
  if (filters.language) params.set("language", filters.language);
  if (filters.region) params.set("region", filters.region);
  if (filters.free) params.set("free", "true");
  if (filters.hasUpcoming) params.set("has_upcoming", "true");
  return params;
}

function sharedQuery(filters: DiscoveryFilters) {
  const q = filters.q.trim();
  return {
    ...(q ? { q } : {}),
    ...(filters.topic ? { topic: filters.topic } : {}),
    ...(filters.format ? { format: filters.format } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    ...(filters.free ? { free: true } : {}),
  };
}

/** GET /groups query (without paging). "Free" and "has upcoming" narrow; unticked means "any". */
export function groupQueryFrom(filters: DiscoveryFilters): GroupListQuery {
  return { ...sharedQuery(filters), ...(filters.hasUpcoming ? { has_upcoming: true } : {}) };
}

/** GET /sessions query (without paging): sessions are upcoming already. */
export function sessionQueryFrom(filters: DiscoveryFilters): SessionListQuery {
  return sharedQuery(filters);
}

/** How many filters narrow the list (the text search not counted). */
export function activeFilterCount(filters: DiscoveryFilters): number {
  return [filters.topic, filters.format, filters.language, filters.region, filters.free, filters.hasUpcoming].filter(Boolean).length;
}

export function topicLabel(topic: string): string {
  return isTopic(topic) ? TOPIC_LABELS[topic] : topic.replaceAll("_", " ");
}

export function formatLabel(format: string): string {
  return isFormat(format) ? FORMAT_LABELS[format] : format.replaceAll("_", " ");
}
