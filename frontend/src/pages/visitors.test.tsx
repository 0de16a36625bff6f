/**
 * Signed-out visitors: the group, session and resource pages read without a token, offer sign-up
 * or sign-in where a member would act, and bring the visitor back to the same page afterwards.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../api/client";
import { groupDetail, session } from "../test/fixtures";
import { fetchRouter, json } from "../test/http";
import { SignInPage } from "./account/SignInPage";
import { SignUpPage } from "./account/SignUpPage";
import { GroupPage } from "./groups/GroupPage";
import { ResourcePage } from "./resources/ResourcePage";
import { SessionPage } from "./sessions/SessionPage";

const GROUP = groupDetail({ facilitators: null, area: "Camden, London", format: "hybrid" });
const SESSION = session({ spots_left: 3, capacity: 10 });
const RESOURCE = {
  id: "8d7c6b5a-0000-4000-8000-000000000003",
  name: "Evening Helpline",
  kind: "helpline",
  description: "Talk to someone in the evening.",
  url: null,
  phone: "0800 111 222",
  sms: null,
  email: null,
  address: null,
  is_online: false,
  region: "GB",
  subdivision: null,
  hours: null,
  is_24_7: false,
  cost: "free",
  languages: ["en"],
  eligibility: null,
  tags: [],
  source_url: null,
  verification: { verified_at: null, verified_by: null, stale: true },
  is_bookmarked: null,
  retired_at: null,
  updated_at: "2026-11-25T10:00:00+00:00",
};

/** The API as a visitor meets it: public reads answer; anything needing a token is a 401. */
function visitorApi(extra: Parameters<typeof fetchRouter>[0] = {}) {
  const router = fetchRouter({
    [`GET /api/v1/groups/${GROUP.id}`]: () => json(GROUP),
    [`GET /api/v1/groups/${GROUP.id}/guidelines`]: () =>
      json({ version: 1, text: "Be kind. What is said here stays here.", created_at: "2026-11-25T10:00:00+00:00" }),
    [`GET /api/v1/groups/${GROUP.id}/sessions`]: () => json({ items: [SESSION], next_cursor: null }),
    [`GET /api/v1/sessions/${SESSION.id}`]: () => json(SESSION),
    [`GET /api/v1/resources/${RESOURCE.id}`]: () => json(RESOURCE),
    ...extra,
  });
  vi.stubGlobal("fetch", vi.fn(router.fetch));
  return router;
}

function renderAt(route: string, pages: Record<string, ReactElement>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <Routes>
          {Object.entries(pages).map(([path, page]) => (
            <Route key={path} path={path} element={page} />
          ))}
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

function expectNoTokenNeeded(router: ReturnType<typeof fetchRouter>) {
  expect(router.requests.length).toBeGreaterThan(0);
  expect(router.requests.every((request) => request.headers.get("Authorization") === null)).toBe(true);
  expect(router.sent("GET", "/api/v1/members/me")).toHaveLength(0);
}

afterEach(() => vi.unstubAllGlobals());

describe("a signed-out visitor", () => {
  it("reads a group page: area, guidelines and sessions, and is asked to sign up to join", async () => {
    const router = visitorApi();
    renderAt(`/groups/${GROUP.id}`, { "/groups/:groupId": <GroupPage /> });
    expect(await screen.findByRole("heading", { level: 1, name: "Tuesday Circle" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Join this group — sign up or sign in" })).toBeInTheDocument();
    expect(await screen.findByText("Be kind. What is said here stays here.")).toBeInTheDocument();
    expect(screen.getAllByText(/Camden, London/).length).toBeGreaterThan(0);
    expect(screen.queryByRole("heading", { name: /Facilitator/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Join/ })).not.toBeInTheDocument();
    expectNoTokenNeeded(router);
  });

  it("reads a session without booking, calendar or report actions, and is asked to sign up to book", async () => {
    const router = visitorApi();
    renderAt(`/sessions/${SESSION.id}`, { "/sessions/:sessionId": <SessionPage /> });
    expect(await screen.findByRole("heading", { level: 1, name: "Sharing circle" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Book a place — sign up or sign in" })).toBeInTheDocument();
    expect(screen.getByText("3 of 10 free")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Download calendar file" })).not.toBeInTheDocument();
    expect(screen.queryByText("Online link")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Report/ })).not.toBeInTheDocument();
    expectNoTokenNeeded(router);
  });

  it("reads a resource and is asked to sign up to save it", async () => {
    const router = visitorApi();
    renderAt(`/resources/${RESOURCE.id}`, { "/resources/:resourceId": <ResourcePage /> });
    expect(await screen.findByRole("heading", { level: 1, name: "Evening Helpline" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Save this for later — sign up or sign in" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save for later" })).not.toBeInTheDocument();
    expectNoTokenNeeded(router);
  });

  it("comes back to the group page after signing up from its call to action", async () => {
    const router = visitorApi({
      "POST /api/v1/auth/register": () => json({ id: "m1", display_name: "River" }, 201),
      "POST /api/v1/auth/login": () => json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 }),
      "GET /api/v1/members/me": () => json({ id: "m1", role: "member", time_zone: "Europe/London", display_name: "River" }),
    });
    renderAt(`/groups/${GROUP.id}`, { "/groups/:groupId": <GroupPage />, "/sign-up": <SignUpPage /> });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Create an account" }));
    await user.type(await screen.findByLabelText("Email"), "river@example.org");
    await user.type(screen.getByLabelText("Password"), "calm-harbour-lantern-7391");
    await user.type(screen.getByLabelText("Display name"), "River");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Tuesday Circle" })).toBeInTheDocument();
    expect(await screen.findByText("Welcome to Peerway. You're signed in.")).toBeInTheDocument();
    expect(tokenStore.get()).toEqual({ access: "a", refresh: "r" });
    expect(router.sent("POST", "/api/v1/auth/register")).toHaveLength(1);
  });

  it("comes back to the session after signing in, via sign-up's sign-in link too", async () => {
    visitorApi({
      "POST /api/v1/auth/login": () => json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 }),
      "GET /api/v1/members/me": () => json({ id: "m1", role: "member", time_zone: "Europe/London", display_name: "River" }),
    });
    renderAt(`/sessions/${SESSION.id}`, {
      "/sessions/:sessionId": <SessionPage />,
      "/sign-up": <SignUpPage />,
      "/sign-in": <SignInPage />,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Create an account" }));
    await user.click(await screen.findByRole("link", { name: "Sign in" }));
    await user.type(await screen.findByLabelText("Email"), "river@example.org");
    await user.type(screen.getByLabelText("Password"), "calm-harbour-lantern-7391");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Sharing circle" })).toBeInTheDocument();
  });

  it("is never sent to another site after signing up", async () => {
    visitorApi({
      "POST /api/v1/auth/register": () => json({ id: "m1", display_name: "River" }, 201),
      "POST /api/v1/auth/login": () => json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 }),
    });
    const queryClient = new QueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[{ pathname: "/sign-up", state: { from: "//evil.example/phish" } }]}>
          <Routes>
            <Route path="/sign-up" element={<SignUpPage />} />
            <Route path="/" element={<p>Home page</p>} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), "river@example.org");
    await user.type(screen.getByLabelText("Password"), "calm-harbour-lantern-7391");
    await user.type(screen.getByLabelText("Display name"), "River");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Home page")).toBeInTheDocument();
  });
});
