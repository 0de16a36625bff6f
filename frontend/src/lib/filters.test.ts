import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  filtersFromSearch,
  groupQueryFrom,
  NO_FILTERS,
  searchFromFilters,
  sessionQueryFrom,
} from "./filters";

describe("filtersFromSearch", () => {
  it("reads every filter from the query string", () => {
    const filters = filtersFromSearch(
      new URLSearchParams("q=evening+circle&topic=alcohol&format=online&language=en&region=gb&free=true&has_upcoming=1"),
    );
    expect(filters).toEqual({
      q: "evening circle",
      topic: "alcohol",
      format: "online",
      language: "en",
      region: "GB",
      free: true,
      hasUpcoming: true,
    });
  });

  it("drops values the API would refuse instead of sending them", () => {
    const filters = filtersFromSearch(new URLSearchParams("topic=astrology&format=telepathy&language=English&region=GBR&free=maybe"));
    expect(filters).toEqual(NO_FILTERS);
  });

  it("treats a missing query string as no filters", () => {
    expect(filtersFromSearch(new URLSearchParams())).toEqual(NO_FILTERS);
  });
});

describe("searchFromFilters", () => {
  it("writes only what is set, in a stable order", () => {
    const params = searchFromFilters({ ...NO_FILTERS, q: "  grief  ", region: "IE", free: true });
    expect(params.toString()).toBe("q=grief&region=IE&free=true");
  });

  it("round-trips through the query string", () => {
    const filters = { q: "walk", topic: "grief", format: "hybrid", language: "cy", region: "GB", free: false, hasUpcoming: true } as const;
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });
});

describe("API queries", () => {
  it("maps filters to GET /groups parameters", () => {
    expect(groupQueryFrom({ ...NO_FILTERS, q: "walk", topic: "grief", free: true, hasUpcoming: true })).toEqual({
      q: "walk",
      topic: "grief",
      free: true,
      has_upcoming: true,
    });
    expect(groupQueryFrom(NO_FILTERS)).toEqual({});
  });

  it("maps filters to GET /sessions parameters, which are upcoming anyway", () => {
    expect(sessionQueryFrom({ ...NO_FILTERS, format: "online", language: "en", hasUpcoming: true })).toEqual({
      format: "online",
      language: "en",
    });
  });

  it("counts the filters that narrow the list", () => {
    expect(activeFilterCount({ ...NO_FILTERS, q: "x", topic: "alcohol", free: true })).toBe(2);
  });
});
