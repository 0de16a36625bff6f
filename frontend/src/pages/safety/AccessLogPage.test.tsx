import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { AccessLogPage } from "./AccessLogPage";

const CLINIC = { id: "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f", name: "Harbour Clinic" };

function entry(overrides: Record<string, unknown>) {
  return { id: crypto.randomUUID(), object_id: null, created_at: "2026-11-25T10:00:00+00:00", viewer: null, clinic: null, ...overrides };
}

describe("AccessLogPage", () => {
  it("names the partner clinic that read, and what", async () => {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me": () => json({ id: "m1", role: "member", time_zone: "Europe/London" }),
      "GET /api/v1/members/me/access-log": () =>
        json({
          items: [
            entry({ viewer_role: "clinic", clinic: CLINIC, what: "GET /api/v1/clinic/members/<uuid:member_id>/check-ins" }),
            entry({ viewer_role: "clinic", clinic: CLINIC, what: "GET /api/v1/clinic/members" }),
            entry({ viewer_role: "clinic", clinic: {}, what: "GET /api/v1/clinic/members/<uuid:member_id>" }),
            entry({ viewer_role: "coach", viewer: { id: "c1", display_name: "Sage" }, what: "GET /api/v1/coaching-plans/<uuid:plan_id>" }),
          ],
          next_cursor: null,
        }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<AccessLogPage />, { path: "/account/access-log" });

    const rows = await screen.findAllByRole("listitem");
    expect(rows[0]).toHaveTextContent(/^Harbour Clinic \(partner clinic\)Read your check-ins · /);
    expect(rows[1]).toHaveTextContent(/^Harbour Clinic \(partner clinic\)Saw you in their list of members who share with them · /);
    expect(rows[2]).toHaveTextContent(/^A partner clinic \(partner clinic\)Read your profile · /);
    expect(rows[3]).toHaveTextContent(/^Sage · CoachSaw your coaching plan · /);
    expect(screen.getByRole("link", { name: "See or stop sharing with clinics" })).toHaveAttribute("href", "/account/clinics");
  });
});
