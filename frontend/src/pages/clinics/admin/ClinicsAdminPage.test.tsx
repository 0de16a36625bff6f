import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/client";
import { fetchRouter, json, problem } from "../../../test/http";
import { renderPage } from "../../../test/render";
import { ADMIN_ME, clinic, MEMBER_ME, OAK_ID } from "../testData";
import { ClinicsAdminPage } from "./ClinicsAdminPage";
import { NewClinicPage } from "./NewClinicPage";

beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

function setUp(me = ADMIN_ME) {
  tokenStore.set({ access: "a", refresh: "r" });
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json(me),
    "GET /api/v1/clinics": (request) => {
      const retired = new URL(request.url).searchParams.get("include_retired") === "true";
      const items = [clinic(), ...(retired ? [clinic({ id: OAK_ID, name: "Oak Tree Service", retired_at: "2026-11-30T10:00:00+00:00" })] : [])];
      return json({ items, next_cursor: null });
    },
    "POST /api/v1/clinics": async (request) => {
      const body = (await request.json()) as { name: string };
      if (body.name === "Harbour Clinic") return problem(409, "Conflict.", { name: ["A clinic with this name is already registered."] });
      return json(clinic({ id: OAK_ID, name: body.name }), 201);
    },
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  return router;
}

describe("ClinicsAdminPage", () => {
  it("lists active clinics, and retired ones on request", async () => {
    const router = setUp();
    renderPage(<ClinicsAdminPage />, { path: "/admin/clinics" });
    expect(await screen.findByRole("link", { name: "Harbour Clinic" })).toHaveAttribute("href", expect.stringContaining("/admin/clinics/"));
    expect(screen.queryByText("Oak Tree Service")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByLabelText("Show retired clinics"));
    expect(await screen.findByRole("link", { name: "Oak Tree Service" })).toBeInTheDocument();
    expect(screen.getByText("Retired", { selector: ".tag" })).toBeInTheDocument();
    const urls = router.sent("GET", "/api/v1/clinics").map((request) => new URL(request.url).searchParams.get("include_retired"));
    expect(urls).toEqual([null, "true"]);
  });

  it("is for admins only", async () => {
    const router = setUp(MEMBER_ME);
    renderPage(<ClinicsAdminPage />, { path: "/admin/clinics" });
    expect(await screen.findByText(/managed by Peerway admins/)).toBeInTheDocument();
    expect(router.sent("GET", "/api/v1/clinics")).toHaveLength(0);
  });
});

describe("NewClinicPage", () => {
  it("checks the website before sending, shows a taken name beside the field, then adds the clinic", async () => {
    const router = setUp();
    renderPage(<NewClinicPage />, { path: "/admin/clinics/new" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Name/), "Harbour Clinic");
    await user.type(screen.getByLabelText(/^Website/), "http://harbour.example");
    await user.click(screen.getByRole("button", { name: "Add clinic" }));
    expect(screen.getByLabelText(/^Website/)).toHaveAccessibleDescription(/starting with https:\/\//);
    expect(router.sent("POST", "/api/v1/clinics")).toHaveLength(0);

    await user.clear(screen.getByLabelText(/^Website/));
    await user.type(screen.getByLabelText(/^Website/), "https://harbour.example");
    await user.click(screen.getByRole("button", { name: "Add clinic" }));
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveAccessibleDescription(/already registered/));

    await user.clear(screen.getByLabelText(/^Name/));
    await user.type(screen.getByLabelText(/^Name/), "Oak Tree Service");
    await user.click(screen.getByRole("button", { name: "Add clinic" }));
    expect(await screen.findByTestId("location")).toHaveTextContent(`/admin/clinics/${OAK_ID}`);
    const requests = router.sent("POST", "/api/v1/clinics");
    expect(await requests[1]!.json()).toEqual({
      name: "Oak Tree Service",
      website: "https://harbour.example",
      contact_email: null,
      region: "GB",
      description: null,
    });
  });
});
