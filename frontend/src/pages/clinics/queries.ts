/** Server state for partner clinics: a member's consents, and the admins' clinics and clients. */
import { useInfiniteQuery, useQuery, type QueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { unwrap } from "../../lib/problems";
import { safetyKeys } from "../safety/queries";

export type Consent = components["schemas"]["Consent"];
export type ConsentStatus = Consent["status"];
export type ConsentGrant = components["schemas"]["ConsentGrant"];
export type ShareScope = ConsentGrant["scopes"][number];
export type Clinic = components["schemas"]["Clinic"];
export type ClinicWrite = components["schemas"]["ClinicWrite"];
export type ClinicClient = components["schemas"]["ClinicClient"];
export type ClinicClientCreate = components["schemas"]["ClinicClientCreate"];
export type ClinicClientCredentials = components["schemas"]["ClinicClientCredentials"];
export type ClientScope = ClinicClientCreate["allowed_scopes"][number];

/** Consents are few per member: one page of 100 holds them all in practice (more load on request). */
export const CONSENT_PAGE_SIZE = 100;
export const PAGE_SIZE = 20;

export const clinicKeys = {
  consents: ["members", "me", "consents"] as const,
  consentList: (status: ConsentStatus | "all") => ["members", "me", "consents", status] as const,
  clinics: ["clinics"] as const,
  clinicList: (includeRetired: boolean) => ["clinics", "list", { includeRetired }] as const,
  clinic: (clinicId: string) => ["clinics", "detail", clinicId] as const,
  clients: (clinicId: string) => ["clinics", "detail", clinicId, "clients"] as const,
};

function cursor(pageParam: string | null, limit = PAGE_SIZE) {
  return { limit, ...(pageParam ? { cursor: pageParam } : {}) };
}

/** My consents, newest first; `status` narrows to one state (the proposals, say). */
export function useMyConsents(status?: ConsentStatus) {
  return useInfiniteQuery({
    queryKey: clinicKeys.consentList(status ?? "all"),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/members/me/consents", {
            params: { query: { ...cursor(pageParam, CONSENT_PAGE_SIZE), ...(status ? { status } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** Partner clinics by name: active ones for members; admins may ask for retired ones too. */
export function useClinics(includeRetired = false, enabled = true) {
  return useInfiniteQuery({
    queryKey: clinicKeys.clinicList(includeRetired),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/clinics", {
            params: { query: { ...cursor(pageParam, 100), ...(includeRetired ? { include_retired: true } : {}) } },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

export function useClinic(clinicId: string, enabled = true) {
  return useQuery({
    queryKey: clinicKeys.clinic(clinicId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET("/api/v1/clinics/{clinic_id}", { params: { path: { clinic_id: clinicId } }, signal }))).data,
    enabled,
  });
}

/** A clinic's API clients, newest first (admins). Secrets are never in this list. */
export function useClinicClients(clinicId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: clinicKeys.clients(clinicId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await unwrap(
          api.GET("/api/v1/clinics/{clinic_id}/clients", {
            params: { path: { clinic_id: clinicId }, query: cursor(pageParam) },
            signal,
          }),
        )
      ).data,
    getNextPageParam: (page) => page.next_cursor ?? null,
    enabled,
  });
}

/** After granting, revoking or declining: every consent list, and the access log, may change. */
export function invalidateConsents(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: clinicKeys.consents }),
    queryClient.invalidateQueries({ queryKey: safetyKeys.accessLog }),
  ]);
}
