import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../lib/problems";
import { fallbackCrisisResources, FALLBACK_REGIONS, type CrisisResources } from "./fallback";

const HOUR = 60 * 60 * 1000;

async function fetchCrisis(region: string | null, signal: AbortSignal): Promise<CrisisResources> {
  const { data } = await unwrap(
    api.GET("/api/v1/resources/crisis", { params: { query: region ? { region } : {} }, signal }),
  );
  return data;
}

/**
 * Crisis lines for a region. Until (or unless) the API answers, the bundled numbers are shown,
 * so this never leaves someone looking at a spinner or an error.
 */
export function useCrisisResources(region: string) {
  const query = useQuery({
    queryKey: ["crisis", region],
    queryFn: ({ signal }) => fetchCrisis(region, signal),
    staleTime: HOUR,
    retry: 1,
    retryDelay: 300,
  });
  return {
    resources: query.data ?? fallbackCrisisResources(region),
    usingFallback: query.isError,
    loading: query.isPending,
  };
}

/** Every region the API has lines for (plus the bundled ones), for the region select. */
export function useCrisisRegions(...always: string[]): string[] {
  const query = useQuery({
    queryKey: ["crisis", "all"],
    queryFn: ({ signal }) => fetchCrisis(null, signal),
    staleTime: HOUR,
    retry: 1,
  });
  const regions = new Set([...FALLBACK_REGIONS, ...always]);
  for (const region of query.data?.regions ?? []) regions.add(region.code);
  for (const line of query.data?.lines ?? []) if (line.region) regions.add(line.region);
  return [...regions];
}
