import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { groupDetail } from "../../test/fixtures";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { GroupsPage } from "./GroupsPage";

function setUp(route: string) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "m1", role: "member", time_zone: "Europe/London", display_name: "Wren" }),
    "GET /api/v1/groups": (request) => {
      const cursor = new URL(request.url).searchParams.get("cursor");
      return cursor
        ? json({ items: [groupDetail({ id: "g2", name: "Second page circle" })], next_cursor: null })
        : json({ items: [groupDetail()], next_cursor: "next-1" });
    },
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<GroupsPage />, { path: "/groups", route });
  return router;
}

const groupQueries = (router: ReturnType<typeof fetchRouter>) =>
  router.sent("GET", "/api/v1/groups").map((request) => new URL(request.url).searchParams);

describe("GroupsPage", () => {
  it("turns the filters in the URL into the API query", async () => {
    const router = setUp("/groups?q=evening&topic=alcohol&free=true&region=GB&topic_ignored=x");
    expect(await screen.findByRole("link", { name: "Tuesday Circle" })).toBeInTheDocument();
    const query = groupQueries(router)[0]!;
    expect(Object.fromEntries(query)).toEqual({ q: "evening", topic: "alcohol", region: "GB", free: "true", limit: "20" });
    expect(screen.getByLabelText("Search groups")).toHaveValue("evening");
    expect(screen.getByLabelText("Topic")).toHaveValue("alcohol");
  });

  it("loads the next page with the cursor", async () => {
    const router = setUp("/groups");
    await userEvent.setup().click(await screen.findByRole("button", { name: "Show more groups" }));
    expect(await screen.findByRole("link", { name: "Second page circle" })).toBeInTheDocument();
    expect(groupQueries(router)[1]!.get("cursor")).toBe("next-1");
    expect(screen.queryByRole("button", { name: "Show more groups" })).not.toBeInTheDocument();
  });

  it("searches with new filters", async () => {
    const router = setUp("/groups");
    const user = userEvent.setup();
    await screen.findByRole("link", { name: "Tuesday Circle" });
    await user.type(screen.getByLabelText("Search groups"), "grief");
    await user.click(screen.getByText("Filters"));
    await user.selectOptions(screen.getByLabelText("How it meets"), "in_person");
    await user.click(screen.getByLabelText("Has upcoming sessions"));
    await user.click(screen.getByRole("button", { name: "Search" }));

    await waitFor(() => expect(groupQueries(router)).toHaveLength(2));
    expect(Object.fromEntries(groupQueries(router)[1]!)).toEqual({ q: "grief", format: "in_person", has_upcoming: "true", limit: "20" });
  });

  it("lets visitors browse public groups without a token or a profile request", async () => {
    const router = fetchRouter({
      "GET /api/v1/groups": () => json({ items: [groupDetail({ facilitators: null })], next_cursor: null }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<GroupsPage />, { path: "/groups" });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Groups");
    expect(await screen.findByRole("link", { name: "Tuesday Circle" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Create an account" })).toBeInTheDocument();
    expect(router.requests.map((request) => request.headers.get("Authorization"))).toEqual([null]);
    expect(router.sent("GET", "/api/v1/members/me")).toHaveLength(0);
  });
});
