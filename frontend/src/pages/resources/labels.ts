/** Human words for the directory's enums. A new value in the spec fails type-checking here. */
import type { components } from "../../api/schema";

export type Resource = components["schemas"]["Resource"];
export type ResourceKind = Resource["kind"];
export type ResourceCost = Resource["cost"];
export type ResidenceGender = NonNullable<Resource["residence_gender"]>;
export type ReferralStatus = components["schemas"]["Referral"]["status"];

export const KIND_LABELS: Record<ResourceKind, string> = {
  crisis_line: "Crisis line",
  helpline: "Helpline",
  treatment_service: "Treatment service",
  sober_living: "Recovery residence (sober living)",
  mutual_aid_meeting: "Mutual-aid meeting",
  therapy: "Therapy",
  peer_community: "Peer community",
  article: "Article",
  app: "App",
  housing: "Housing",
  employment: "Employment",
  benefits: "Benefits",
  legal: "Legal help",
};
export const KINDS = Object.keys(KIND_LABELS) as ResourceKind[];

export const COST_LABELS: Record<ResourceCost, string> = {
  free: "Free",
  low: "Low cost",
  paid: "Paid",
  insurance: "Through insurance",
};
export const COSTS = Object.keys(COST_LABELS) as ResourceCost[];

/** Whom a recovery residence houses. */
export const RESIDENCE_GENDER_LABELS: Record<ResidenceGender, string> = {
  men: "Men",
  women: "Women",
  any: "Anyone",
  other: "Another group (see who it's for)",
};
export const RESIDENCE_GENDERS = Object.keys(RESIDENCE_GENDER_LABELS) as ResidenceGender[];

/** NARR (National Alliance for Recovery Residences) standard levels. */
export type NarrLevel = NonNullable<Resource["narr_level"]>;
export const NARR_LEVEL_LABELS: Record<NarrLevel, string> = {
  1: "Level I: peer-run",
  2: "Level II: monitored",
  3: "Level III: supervised",
  4: "Level IV: service provider",
};
export const NARR_LEVELS: readonly NarrLevel[] = [1, 2, 3, 4];

/** The level a select's value names, or "" when none does. */
export function narrLevelFrom(value: string): NarrLevel | "" {
  return NARR_LEVELS.find((level) => String(level) === value) ?? "";
}

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  suggested: "Suggested",
  contacted: "Contacted",
  connected: "Connected",
  not_suitable: "Not suitable",
};

/** Countries offered in the filter and the form (ISO 3166-1 alpha-2); any other valid code is kept. */
export const COMMON_REGIONS = ["GB", "IE", "US", "CA", "AU", "NZ", "ZA", "IN", "DE", "FR", "ES", "NL", "BE", "IT", "PT", "SE", "NO", "DK", "FI", "PL", "AT", "CH"];
/** Languages offered in the filter (ISO 639); any other valid code in the URL is kept. */
export const COMMON_LANGUAGES = ["en", "cy", "ga", "gd", "es", "fr", "de", "nl", "it", "pt", "pl", "ro", "uk", "ar", "ur", "hi", "pa", "bn", "zh", "tr"];

export function kindLabel(kind: string): string {
  return kind in KIND_LABELS ? KIND_LABELS[kind as ResourceKind] : kind.replaceAll("_", " ");
}

export function costLabel(cost: string): string {
  return cost in COST_LABELS ? COST_LABELS[cost as ResourceCost] : cost;
}

/** Options for a select: the common ones, plus the current value when it is not among them. */
export function withCurrent(options: readonly string[], current: string): string[] {
  return current && !options.includes(current) ? [...options, current] : [...options];
}
