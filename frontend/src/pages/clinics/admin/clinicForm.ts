/** Registering a partner clinic (admins): answers, checks before sending, and the request body. */
import type { FieldErrors } from "../../../lib/problems";
import type { ClientScope, ClinicWrite } from "../queries";

export const CLINIC_FIELDS = ["name", "website", "contact_email", "region", "description"] as const;
export type ClinicField = (typeof CLINIC_FIELDS)[number];

export interface ClinicValues {
  name: string;
  website: string;
  contactEmail: string;
  /** ISO 3166-1 alpha-2, or "" for none. */
  region: string;
  description: string;
}

export const EMPTY_CLINIC: ClinicValues = { name: "", website: "", contactEmail: "", region: "GB", description: "" };

export function validateClinic(values: ClinicValues): FieldErrors<ClinicField> {
  const errors: FieldErrors<ClinicField> = {};
  const name = values.name.trim();
  if (name.length < 2) errors.name = ["Enter the clinic's name."];
  else if (name.length > 160) errors.name = ["Keep the name to 160 characters."];
  const website = values.website.trim();
  if (website) {
    let url: URL | null = null;
    try {
      url = new URL(website);
    } catch {
      url = null;
    }
    if (!url || url.protocol !== "https:" || !url.hostname.includes(".")) {
      errors.website = ["Enter the full address, starting with https://"];
    } else if (website.length > 500) {
      errors.website = ["Keep the address to 500 characters."];
    }
  }
  const email = values.contactEmail.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.contact_email = ["Enter an email address like team@clinic.example."];
  if (values.region && !/^[A-Z]{2}$/.test(values.region)) errors.region = ["Choose a country."];
  if (values.description.trim().length > 1000) errors.description = ["Keep the description to 1,000 characters."];
  return errors;
}

export function clinicBody(values: ClinicValues): ClinicWrite {
  const optional = (value: string) => value.trim() || null;
  return {
    name: values.name.trim(),
    website: optional(values.website),
    contact_email: optional(values.contactEmail),
    region: optional(values.region),
    description: optional(values.description),
  };
}

export const CLIENT_FIELDS = ["label", "allowed_scopes"] as const;
export type ClientField = (typeof CLIENT_FIELDS)[number];

export function validateClient(label: string, scopes: readonly ClientScope[]): FieldErrors<ClientField> {
  const errors: FieldErrors<ClientField> = {};
  const trimmed = label.trim();
  if (trimmed.length < 2) errors.label = ["Name it, for example: EHR integration."];
  else if (trimmed.length > 120) errors.label = ["Keep the name to 120 characters."];
  if (scopes.length === 0) errors.allowed_scopes = ["Tick at least one thing this client may do."];
  return errors;
}
