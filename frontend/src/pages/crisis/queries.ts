import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../lib/problems";

/** Codes the crisis data covers that are not ISO 3166-1 countries (Ascension, Kosovo): the profile refuses them. */
const OUTSIDE_ISO_3166 = new Set(["AC", "XK"]);

/** Every country a member can choose for their profile, by name, from the crisis data. */
export function useCountryChoices() {
  return useQuery({
    queryKey: ["crisis", "regions"],
    queryFn: async ({ signal }) => {
      const { data } = await unwrap(api.GET("/api/v1/resources/crisis", { params: { query: {} }, signal }));
      return data.regions.filter((region) => !OUTSIDE_ISO_3166.has(region.code));
    },
    staleTime: Infinity,
  });
}
