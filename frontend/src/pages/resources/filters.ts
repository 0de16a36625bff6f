/**
 * The resource finder's filters, kept in the page's query string (so a search can be shared,
 * bookmarked and restored with the back button) and turned into the listResources query.
 */
import type { paths } from "../../api/schema";
import { COSTS, KINDS, RESIDENCE_GENDERS, type ResidenceGender, type ResourceCost, type ResourceKind } from "./labels";

export type ResourceListQuery = NonNullable<paths["/api/v1/resources"]["get"]["parameters"]["query"]>;

export interface ResourceFilters {
  q: string;
  kind: ResourceKind | "";
  /** ISO 3166-1 alpha-2: the API filters by country, not subdivision. */
  region: string;
  cost: ResourceCost | "";
  language: string;
  /** Ticked means "only these"; unticked means "any", never "only not". */
  online: boolean;
  open247: boolean;
  verified: boolean;
  /** Recovery residences that accept residents on medication-assisted treatment. */
  acceptsMat: boolean;
  /** Recovery residences housing this group (the API includes those open to anyone). */
  residenceGender: ResidenceGender | "";
}

export const NO_FILTERS: ResourceFilters = {
  q: "",
  kind: "",
  region: "",
  cost: "",
  language: "",
  online: false,
  open247: false,
  verified: false,
  acceptsMat: false,
  residenceGender: "",
};

/** The API's limit for `q`. */
export const MAX_QUERY = 200;
const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const REGION_PATTERN = /^[A-Z]{2}$/;

function isYes(value: string | null): boolean {
  return value === "true" || value === "1" || value === "yes";
}

function oneOf<T extends string>(options: readonly T[], value: string | null): T | "" {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : "";
}

/** Read filters from a query string; values the API would refuse are dropped, not sent. */
export function filtersFromSearch(params: URLSearchParams): ResourceFilters {
  const language = params.get("language") ?? "";
  const region = (params.get("region") ?? "").trim().toUpperCase();
  return {
    q: (params.get("q") ?? "").trim().slice(0, MAX_QUERY),
    kind: oneOf(KINDS, params.get("kind")),
    region: REGION_PATTERN.test(region) ? region : "",
    cost: oneOf(COSTS, params.get("cost")),
    language: LANGUAGE_PATTERN.test(language) ? language : "",
    online: isYes(params.get("online")),
    open247: isYes(params.get("open_24_7")),
    verified: isYes(params.get("verified")),
    acceptsMat: isYes(params.get("accepts_mat")),
    residenceGender: oneOf(RESIDENCE_GENDERS, params.get("residence_gender")),
  };
}

/** The query string for a set of filters: only what is set, in a stable order. */
export function searchFromFilters(filters: ResourceFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(listQueryFrom(filters))) params.set(key, String(value));
  return params;
}

/** The listResources query (without paging). */
export function listQueryFrom(filters: ResourceFilters): ResourceListQuery {
  const q = filters.q.trim().slice(0, MAX_QUERY);
  return {
    ...(q ? { q } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    ...(filters.cost ? { cost: filters.cost } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.online ? { online: true } : {}),
    ...(filters.open247 ? { open_24_7: true } : {}),
    ...(filters.verified ? { verified: true } : {}),
    ...(filters.acceptsMat ? { accepts_mat: true } : {}),
    ...(filters.residenceGender ? { residence_gender: filters.residenceGender } : {}),
  };
}

/** How many filters narrow the list (the text search not counted). */
export function activeFilterCount(filters: ResourceFilters): number {
  const { q: _q, ...rest } = filters;
  return Object.values(rest).filter(Boolean).length;
}
