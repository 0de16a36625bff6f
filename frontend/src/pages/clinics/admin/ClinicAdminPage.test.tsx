import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/client";
import { fetchRouter, json } from "../../../test/http";
import { renderPage } from "../../../test/render";
import type { ClinicClient } from "../queries";
import { ADMIN_ME, client, clinic, credentials, HARBOUR_ID, MEMBER_ME } from "../testData";
import { ClinicAdminPage } from "./ClinicAdminPage";

beforeAll(() => configure({ asyncUtilTimeout: 5000 }));

const CLIENTS = `/api/v1/clinics/${HARBOUR_ID}/clients`;

function setUp(me = ADMIN_ME, clients: ClinicClient[] = [client()]) {
  tokenStore.set({ access: "a", refresh: "r" });
  let current = clients;
  let current_clinic = clinic();
  const router = fetchRouter({
    "GET /api/v1/members/me": () => json(me),
    [`GET /api/v1/clinics/${HARBOUR_ID}`]: () => json(current_clinic),
    [`PATCH /api/v1/clinics/${HARBOUR_ID}`]: () => {
      current_clinic = clinic({ retired_at: "2026-12-01T10:00:00+00:00" });
      return json(current_clinic);
    },
    [`GET ${CLIENTS}`]: () => json({ items: current, next_cursor: null }),
    [`POST ${CLIENTS}`]: async (request) => {
      const body = (await request.json()) as { label: string; allowed_scopes: ClinicClient["allowed_scopes"] };
      const made = credentials({ id: "c1c1c1c1-0000-4000-8000-000000000002", client_id: "pwc_new", label: body.label, allowed_scopes: body.allowed_scopes });
      current = [made, ...current];
      return json(made, 201);
    },
    [`POST ${CLIENTS}/${client().id}/secret`]: () => json(credentials({ client_secret: "pws_rotated_secret" })),
    [`DELETE ${CLIENTS}/${client().id}`]: () => {
      current = current.map((item) => (item.id === client().id ? { ...item, revoked_at: "2026-12-01T10:00:00+00:00" } : item));
      return json(current.find((item) => item.id === client().id));
    },
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  renderPage(<ClinicAdminPage />, { path: "/admin/clinics/:clinicId", route: `/admin/clinics/${HARBOUR_ID}` });
  return router;
}

describe("ClinicAdminPage", () => {
  it("tells members who are not admins that it is for admins only, and reads nothing", async () => {
    const router = setUp(MEMBER_ME);
    expect(await screen.findByRole("heading", { name: "For Peerway admins only" })).toBeInTheDocument();
    expect(router.sent("GET", `/api/v1/clinics/${HARBOUR_ID}`)).toHaveLength(0);
    expect(router.sent("GET", CLIENTS)).toHaveLength(0);
  });

  it("lists the clinic's clients with their facts", async () => {
    setUp(ADMIN_ME, [client({ last_used_at: null }), client({ id: "old", label: "Old feed", revoked_at: "2026-11-30T10:00:00+00:00" })]);
    expect(await screen.findByRole("heading", { level: 1, name: "Harbour Clinic" })).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Clients" });
    const [live, revoked] = Array.from(list.querySelectorAll<HTMLElement>("li.client"));
    expect(live).toHaveTextContent("pwc_4f1c2b3a5d6e7f8091a2b3c4");
    expect(live).toHaveTextContent("members:read");
    expect(live).toHaveTextContent("Last usedNever");
    expect(within(live!).getByRole("button", { name: "Revoke EHR integration…" })).toBeInTheDocument();
    expect(revoked).toHaveTextContent("Revoked");
    expect(within(revoked!).queryByRole("button", { name: /Revoke|New secret/ })).toBeNull();
  });

  it("issues a client and shows its secret once, with a warning and a copy button", async () => {
    const router = setUp(ADMIN_ME, []);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Issue a client…" }));
    const form = screen.getByRole("dialog", { name: "Issue a client to Harbour Clinic" });
    await user.click(within(form).getByRole("button", { name: "Issue client" }));
    expect(within(form).getByLabelText("Name")).toHaveAccessibleDescription(/Name it/);
    expect(within(form).getByRole("group", { name: "What may it do?" })).toHaveAccessibleDescription(/Tick at least one/);
    expect(router.sent("POST", CLIENTS)).toHaveLength(0);

    await user.type(within(form).getByLabelText("Name"), "EHR integration");
    await user.click(within(form).getByLabelText("members:read"));
    await user.click(within(form).getByLabelText("checkins:read"));
    await user.click(within(form).getByRole("button", { name: "Issue client" }));

    const shown = await screen.findByRole("dialog", { name: "EHR integration is ready: copy the secret" });
    expect(shown).toHaveTextContent("Copy the secret now: it will not be shown again.");
    expect(within(shown).getByLabelText("Client secret")).toHaveValue("pws_secret_shown_once_123");
    expect(within(shown).getByLabelText("Client ID")).toHaveValue("pwc_new");
    expect(within(shown).getByRole("button", { name: "Copy secret" })).toBeInTheDocument();
    const [request] = router.sent("POST", CLIENTS);
    expect(await request!.json()).toEqual({ label: "EHR integration", allowed_scopes: ["members:read", "checkins:read"] });
    expect(request!.headers.get("Idempotency-Key")).toBeTruthy();

    await user.click(within(shown).getByRole("button", { name: "I have copied it" }));
    await waitFor(() => expect(screen.queryByText("pws_secret_shown_once_123")).not.toBeInTheDocument());
    expect(screen.queryByDisplayValue("pws_secret_shown_once_123")).not.toBeInTheDocument();
  });

  it("makes a new secret only after a confirmation, then shows it once", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New secret for EHR integration…" }));
    const confirm = screen.getByRole("dialog", { name: "Make a new secret for EHR integration?" });
    expect(confirm).toHaveTextContent("The current secret stops working at once");
    expect(router.sent("POST", `${CLIENTS}/${client().id}/secret`)).toHaveLength(0);
    await user.click(within(confirm).getByRole("button", { name: "Make a new secret" }));
    const shown = await screen.findByRole("dialog", { name: "New secret for EHR integration" });
    expect(within(shown).getByLabelText("Client secret")).toHaveValue("pws_rotated_secret");
    expect(shown).toHaveTextContent("it will not be shown again");
  });

  it("revokes a client and retires the clinic after confirmations", async () => {
    const router = setUp();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Revoke EHR integration…" }));
    const confirm = screen.getByRole("dialog", { name: "Revoke EHR integration?" });
    await user.click(within(confirm).getByRole("button", { name: "Revoke client" }));
    expect((await screen.findByText(/EHR integration is revoked\./)).closest("[role=status]")).not.toBeNull();
    expect(router.sent("DELETE", `${CLIENTS}/${client().id}`)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Retire Harbour Clinic…" }));
    const retire = screen.getByRole("dialog", { name: "Retire Harbour Clinic?" });
    expect(retire).toHaveTextContent("every member's sharing with it ends");
    await user.click(within(retire).getByRole("button", { name: "Retire clinic" }));
    expect(await screen.findByText(/Harbour Clinic is retired\./)).toBeInTheDocument();
    const [patch] = router.sent("PATCH", `/api/v1/clinics/${HARBOUR_ID}`);
    expect(await patch!.json()).toEqual({ retired: true });
    expect(screen.queryByRole("button", { name: "Issue a client…" })).not.toBeInTheDocument();
  });
});
