import { describe, expect, it } from "vitest";
import { activeFilterCount, filtersFromSearch, listQueryFrom, MAX_QUERY, NO_FILTERS, searchFromFilters } from "./filters";

describe("filtersFromSearch", () => {
  it("reads every filter from the query string", () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        "q=+gambling+helpline+&kind=helpline&region=gb&cost=free&language=cy&online=true&open_24_7=1&verified=yes&accepts_mat=true&residence_gender=women",
      ),
    );
    expect(filters).toEqual({
      q: "gambling helpline",
      kind: "helpline",
      region: "GB",
      cost: "free",
      language: "cy",
      online: true,
      open247: true,
      verified: true,
      acceptsMat: true,
      residenceGender: "women",
    });
  });

  it("drops values the API would refuse instead of sending them", () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        "kind=astrology&region=GB-SCT&cost=cheap&language=Welsh&online=maybe&open_24_7=0&verified=false&residence_gender=female",
      ),
    );
    expect(filters).toEqual(NO_FILTERS);
  });

  it("keeps a language with a region part as the API allows", () => {
    expect(filtersFromSearch(new URLSearchParams("language=pt-BR")).language).toBe("pt-BR");
  });

  it("cuts a very long search to the API's limit", () => {
    expect(filtersFromSearch(new URLSearchParams({ q: "a".repeat(500) })).q).toHaveLength(MAX_QUERY);
  });
});

describe("searchFromFilters", () => {
  it("writes only what is set, with the API's names, in a stable order", () => {
    const params = searchFromFilters({ ...NO_FILTERS, q: "  housing ", region: "IE", open247: true, verified: true });
    expect(params.toString()).toBe("q=housing&region=IE&open_24_7=true&verified=true");
  });

  it("round-trips through the URL", () => {
    const filters = { ...NO_FILTERS, q: "evening meeting", kind: "mutual_aid_meeting" as const, cost: "low" as const, language: "en", online: true };
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
  });

  it("is empty with no filters", () => {
    expect(searchFromFilters(NO_FILTERS).toString()).toBe("");
  });
});

describe("listQueryFrom", () => {
  it("sends booleans only when ticked: unticked means any, not only-not", () => {
    expect(listQueryFrom({ ...NO_FILTERS, online: true })).toEqual({ online: true });
    expect(listQueryFrom(NO_FILTERS)).toEqual({});
  });

  it("maps every filter to the listResources parameter", () => {
    const all = { q: "debt", kind: "benefits" as const, region: "GB", cost: "free" as const, language: "en", online: true, open247: true, verified: true };
    expect(listQueryFrom({ ...all, acceptsMat: true, residenceGender: "any" })).toEqual({
      q: "debt",
      kind: "benefits",
      region: "GB",
      cost: "free",
      language: "en",
      online: true,
      open_24_7: true,
      verified: true,
      accepts_mat: true,
      residence_gender: "any",
    });
  });
});

describe("activeFilterCount", () => {
  it("counts the filters but not the search text", () => {
    expect(activeFilterCount({ ...NO_FILTERS, q: "debt" })).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, kind: "app", verified: true, region: "US" })).toBe(3);
  });
});
