import { configure, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json, problem } from "../../test/http";
import { renderPage } from "../../test/render";
import { EditResourcePage } from "./EditResourcePage";
import { resource } from "./testData";

// The suite shares two cores: give the first render (profile and entry requests) time to settle.
beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const ID = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a";

function setUp(role: string, patch: (request: Request) => Response | Promise<Response>) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json({ id: "m1", role, time_zone: "Europe/London", display_name: "Sage" }),
    [`GET /api/v1/resources/${ID}`]: () => json(resource(), 200, { ETag: '"v1"' }),
    [`PATCH /api/v1/resources/${ID}`]: patch,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<EditResourcePage />, { path: "/resources/:resourceId/edit", route: `/resources/${ID}/edit` });
  return router;
}

describe("EditResourcePage", () => {
  it("sends only the changed fields, with the version it was editing", async () => {
    const router = setUp("coach", () => json(resource({ hours: "Weekdays 9 to 5" }), 200, { ETag: '"v2"' }));
    const user = userEvent.setup();
    const hours = await screen.findByLabelText(/Opening hours/);
    await user.clear(hours);
    await user.type(hours, "Weekdays 9 to 5");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByTestId("location")).toHaveTextContent(`/resources/${ID}`);
    const [request] = router.sent("PATCH", `/api/v1/resources/${ID}`);
    expect(request!.headers.get("If-Match")).toBe('"v1"');
    expect(await request!.json()).toEqual({ hours: "Weekdays 9 to 5" });
  });

  it("says so when someone else changed the entry meanwhile", async () => {
    setUp("admin", () => problem(412, "The resource has changed."));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Who it's for/), " Carers too.");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText(/Someone else changed this entry/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Load their changes" })).toBeInTheDocument();
  });

  it("shows the API's message beside the field it is about", async () => {
    setUp("coach", () => problem(422, "Check the fields.", { phone: ["Use digits, spaces, brackets or dashes, e.g. 0800 123 456."] }));
    const user = userEvent.setup();
    const phone = await screen.findByLabelText(/^Phone/);
    await user.clear(phone);
    await user.type(phone, "call us");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText(/Use digits, spaces/)).toBeInTheDocument();
    expect(phone).toHaveAttribute("aria-invalid", "true");
  });

  it("explains that members cannot edit entries", async () => {
    setUp("member", () => json({}));
    expect(await screen.findByText(/Peerway coaches and the Peerway team edit directory entries/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save changes" })).not.toBeInTheDocument();
  });
});
