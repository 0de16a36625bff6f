import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { SEARCH_EXAMPLES } from "../../components/SearchExamples";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { ResourcesPage } from "./ResourcesPage";
import { resource, verification } from "./testData";

// The suite shares two cores: give the first render (profile and list requests) time to settle.
beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

function setUp(route: string, role = "member") {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "m1", role, time_zone: "Europe/London", display_name: "Wren" }),
    "GET /api/v1/resources": (request) =>
      new URL(request.url).searchParams.get("cursor")
        ? json({ items: [resource({ id: "r2", name: "GamCare", verification: verification({ verified_at: null, verified_by: null, stale: true }) })], next_cursor: null })
        : json({ items: [resource()], next_cursor: "next-1" }),
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ResourcesPage />, { path: "/resources", route });
  return router;
}

const listQueries = (router: ReturnType<typeof fetchRouter>) =>
  router.sent("GET", "/api/v1/resources").map((request) => Object.fromEntries(new URL(request.url).searchParams));

describe("ResourcesPage", () => {
  it("points to the crisis page first, signed in or not", () => {
    renderPage(<ResourcesPage />, { path: "/resources" });
    expect(screen.getByRole("link", { name: /crisis lines/ })).toHaveAttribute("href", "/help");
    expect(screen.getByRole("link", { name: "Create an account" })).toBeInTheDocument();
  });

  it("lets visitors search the directory without a token", async () => {
    const router = fetchRouter({
      "GET /api/v1/resources": () => json({ items: [], next_cursor: null }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<ResourcesPage />, { path: "/resources", route: "/resources?q=housing" });
    expect(await screen.findByLabelText("Search resources")).toHaveValue("housing");
    await waitFor(() => expect(router.sent("GET", "/api/v1/resources")).toHaveLength(1));
    expect(router.sent("GET", "/api/v1/resources")[0]!.headers.get("Authorization")).toBeNull();
    expect(router.sent("GET", "/api/v1/members/me")).toHaveLength(0);
    expect(screen.queryByRole("link", { name: /Saved/ })).not.toBeInTheDocument();
  });

  it("turns the filters in the URL into the API query and the form", async () => {
    const router = setUp("/resources?q=gambling&kind=helpline&region=gb&open_24_7=true&bogus=1");
    expect(await screen.findByRole("link", { name: "Samaritans" })).toBeInTheDocument();
    expect(listQueries(router)[0]).toEqual({ q: "gambling", kind: "helpline", region: "GB", open_24_7: "true", limit: "20" });
    expect(screen.getByLabelText("Search resources")).toHaveValue("gambling");
    expect(screen.getByLabelText("Type of support")).toHaveValue("helpline");
    expect(screen.getByLabelText("Open 24/7")).toBeChecked();
  });

  it("shows each result's kind, badges and description", async () => {
    setUp("/resources");
    const badges = await screen.findByRole("list", { name: "At a glance" });
    expect(badges).toHaveTextContent("Open 24/7");
    expect(badges).toHaveTextContent("Free");
    expect(badges).toHaveTextContent("Verified");
    expect(screen.getByText(/^Helpline · Online · United Kingdom/)).toBeInTheDocument();
    expect(screen.getByText(/troubling you, day or night/)).toBeInTheDocument();
  });

  it("loads more with the cursor", async () => {
    const router = setUp("/resources");
    await userEvent.setup().click(await screen.findByRole("button", { name: "Load more services" }));
    expect(await screen.findByRole("link", { name: "GamCare" })).toBeInTheDocument();
    expect(listQueries(router)[1]!.cursor).toBe("next-1");
    expect(screen.getByText("Not yet verified")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more services" })).not.toBeInTheDocument();
  });

  it("offers the shared example searches and runs one when picked", async () => {
    const router = setUp("/resources");
    await screen.findByRole("link", { name: "Samaritans" });
    const examples = screen.getByRole("list", { name: "Try:" });
    for (const example of SEARCH_EXAMPLES.resources) {
      expect(within(examples).getByRole("button", { name: example })).toBeInTheDocument();
    }
    await userEvent.setup().click(within(examples).getByRole("button", { name: "sober living" }));
    await waitFor(() => expect(listQueries(router).at(-1)).toEqual({ q: "sober living", limit: "20" }));
    expect(screen.getByLabelText("Search resources")).toHaveValue("sober living");
  });

  it("filters recovery residences by whom they house and MAT", async () => {
    const router = setUp("/resources?kind=sober_living&residence_gender=women&accepts_mat=true");
    await screen.findByRole("link", { name: "Samaritans" });
    expect(listQueries(router)[0]).toEqual({ kind: "sober_living", residence_gender: "women", accepts_mat: "true", limit: "20" });
    expect(screen.getByLabelText("Houses")).toHaveValue("women");
    expect(screen.getByLabelText(/medication-assisted treatment/)).toBeChecked();
  });

  it("searches with new filters", async () => {
    const router = setUp("/resources");
    const user = userEvent.setup();
    await screen.findByRole("link", { name: "Samaritans" });
    await user.type(screen.getByLabelText("Search resources"), "housing");
    await user.click(screen.getByText("Filters"));
    await user.selectOptions(screen.getByLabelText("Cost"), "free");
    await user.click(screen.getByLabelText("Verified in the last year only"));
    await user.click(screen.getByRole("button", { name: "Search" }));

    await waitFor(() => expect(listQueries(router)).toHaveLength(2));
    expect(listQueries(router)[1]).toEqual({ q: "housing", cost: "free", verified: "true", limit: "20" });
  });

  it("offers curators a way to add an entry", async () => {
    setUp("/resources", "coach");
    expect(await screen.findByRole("link", { name: "Add a resource" })).toHaveAttribute("href", "/resources/new");
  });
});
