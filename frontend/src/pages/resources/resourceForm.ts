/**
 * The add/edit resource form: what the inputs hold, the request bodies built from them, and the
 * API's field errors mapped back onto the inputs.
 */
import type { components } from "../../api/schema";
import { ApiError, formErrorsFrom, type FormErrors } from "../../lib/problems";
import type { NarrLevel, ResidenceGender, Resource, ResourceCost, ResourceKind } from "./labels";

type ResourceUpdate = components["schemas"]["ResourceUpdate"];

/**
 * The fields a curator writes. Spec gap: the createResource/updateResource bodies reuse the
 * response schema, whose read-only fields the generated types mark as required.
 */
export type ResourceWrite = Omit<Resource, "id" | "is_bookmarked" | "retired_at" | "updated_at" | "verification">;

export const RESOURCE_FIELDS = [
  "name",
  "kind",
  "description",
  "url",
  "phone",
  "sms",
  "email",
  "address",
  "is_online",
  "region",
  "subdivision",
  "hours",
  "is_24_7",
  "cost",
  "cost_note",
  "certification",
  "narr_level",
  "residence_gender",
  "accepts_mat",
  "languages",
  "eligibility",
  "tags",
  "source_url",
] as const satisfies readonly (keyof ResourceWrite)[];
export type ResourceField = (typeof RESOURCE_FIELDS)[number];

export interface ResourceFormValues {
  name: string;
  kind: ResourceKind;
  description: string;
  url: string;
  phone: string;
  sms: string;
  email: string;
  address: string;
  is_online: boolean;
  region: string;
  subdivision: string;
  hours: string;
  is_24_7: boolean;
  cost: ResourceCost;
  cost_note: string;
  certification: string;
  /** Recovery residences only: "" when not certified at a level. */
  narr_level: NarrLevel | "";
  residence_gender: ResidenceGender | "";
  /** Recovery residences only: "" means not known. */
  accepts_mat: "" | "yes" | "no";
  /** Comma-separated in the input: "en, cy". */
  languages: string;
  eligibility: string;
  /** Comma-separated in the input. */
  tags: string;
  source_url: string;
}

export function emptyResourceValues(region = "GB"): ResourceFormValues {
  return {
    name: "",
    kind: "helpline",
    description: "",
    url: "",
    phone: "",
    sms: "",
    email: "",
    address: "",
    is_online: false,
    region,
    subdivision: "",
    hours: "",
    is_24_7: false,
    cost: "free",
    cost_note: "",
    certification: "",
    narr_level: "",
    residence_gender: "",
    accepts_mat: "",
    languages: "en",
    eligibility: "",
    tags: "",
    source_url: "",
  };
}

export function valuesFromResource(resource: Resource): ResourceFormValues {
  return {
    name: resource.name,
    kind: resource.kind,
    description: resource.description,
    url: resource.url ?? "",
    phone: resource.phone ?? "",
    sms: resource.sms ?? "",
    email: resource.email ?? "",
    address: resource.address ?? "",
    is_online: resource.is_online,
    region: resource.region,
    subdivision: resource.subdivision ?? "",
    hours: resource.hours ?? "",
    is_24_7: resource.is_24_7,
    cost: resource.cost,
    cost_note: resource.cost_note ?? "",
    certification: resource.certification ?? "",
    narr_level: resource.narr_level ?? "",
    residence_gender: resource.residence_gender ?? "",
    accepts_mat: resource.accepts_mat == null ? "" : resource.accepts_mat ? "yes" : "no",
    languages: (resource.languages ?? []).join(", "),
    eligibility: resource.eligibility ?? "",
    tags: (resource.tags ?? []).join(", "),
    source_url: resource.source_url ?? "",
  };
}

/** "en, cy,, fr " → ["en", "cy", "fr"]: order kept, blanks and repeats dropped. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(",").map((item) => item.trim()).filter(Boolean))];
}

function optional(text: string): string | null {
  return text.trim() || null;
}

/**
 * Residence details only for recovery residences: choosing another kind clears them, so an edit
 * that changes the kind sends the nulls the API asks for.
 */
function residenceDetails(values: ResourceFormValues): Pick<ResourceWrite, "narr_level" | "residence_gender" | "accepts_mat"> {
  if (values.kind !== "sober_living") return { narr_level: null, residence_gender: null, accepts_mat: null };
  return {
    narr_level: values.narr_level || null,
    residence_gender: values.residence_gender || null,
    accepts_mat: values.accepts_mat === "" ? null : values.accepts_mat === "yes",
  };
}

/** The create body: empty optional text becomes null; codes are upper-cased where the API wants. */
export function resourceWriteFrom(values: ResourceFormValues): ResourceWrite {
  return {
    name: values.name.trim(),
    kind: values.kind,
    description: values.description.trim(),
    url: optional(values.url),
    phone: optional(values.phone),
    sms: optional(values.sms),
    email: optional(values.email),
    address: optional(values.address),
    is_online: values.is_online,
    region: values.region.trim().toUpperCase(),
    subdivision: optional(values.subdivision.toUpperCase()),
    hours: optional(values.hours),
    is_24_7: values.is_24_7,
    cost: values.cost,
    cost_note: optional(values.cost_note),
    certification: optional(values.certification),
    ...residenceDetails(values),
    languages: splitList(values.languages),
    eligibility: optional(values.eligibility),
    tags: splitList(values.tags),
    source_url: optional(values.source_url),
  };
}

function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((item, i) => item === b[i]) : a === b;
}

/** The PATCH body: only what changed, so the change record names the fields really edited. */
export function resourceChanges(before: ResourceFormValues, after: ResourceFormValues): Partial<ResourceWrite> {
  const was = resourceWriteFrom(before);
  const now = resourceWriteFrom(after);
  const changes: Partial<Record<ResourceField, unknown>> = {};
  for (const field of RESOURCE_FIELDS) {
    if (!same(was[field], now[field])) changes[field] = now[field];
  }
  return changes as Partial<ResourceWrite>;
}

/** Typed as the spec's create body (see ResourceWrite: the read-only fields are never sent). */
export function createBody(write: ResourceWrite): Resource {
  return write as Resource;
}

export function updateBody(changes: Partial<ResourceWrite>): ResourceUpdate {
  return changes as ResourceUpdate;
}

/**
 * Field errors for the form. The API names list items by position ("languages.1"); they are
 * shown beside the list's input, which is where the curator typed them.
 */
export function resourceFormErrors(error: unknown): FormErrors<ResourceField> {
  if (error instanceof ApiError && error.problem?.errors) {
    const merged: Record<string, string[]> = {};
    for (const [name, messages] of Object.entries(error.problem.errors)) {
      const field = name.replace(/\.\d+$/, "");
      merged[field] = [...(merged[field] ?? []), ...messages];
    }
    return formErrorsFrom(new ApiError(error.status, { ...error.problem, errors: merged }, error.retryAfter), RESOURCE_FIELDS);
  }
  return formErrorsFrom(error, RESOURCE_FIELDS);
}
