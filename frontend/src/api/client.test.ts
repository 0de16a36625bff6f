import { describe, expect, it, vi } from "vitest";
import { json, problem, requestOf } from "../test/http";
import { createApiClient, createTokenStore, type Tokens } from "./client";

const BASE = "http://peerway.test";
const START: Tokens = { access: "access-1", refresh: "refresh-1" };

type Handler = (request: Request) => Response | Promise<Response>;

function setup(handler: Handler, tokens: Tokens | null = START) {
  const store = createTokenStore(localStorage);
  if (tokens) store.set(tokens);
  const seen: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const request = requestOf(input);
    seen.push(request.clone());
    return handler(request);
  });
  const onSessionEnded = vi.fn();
  const client = createApiClient({ baseUrl: BASE, fetch: fetchMock as typeof fetch, tokens: store, onSessionEnded });
  const refreshCalls = () => seen.filter((request) => request.url.endsWith("/api/v1/auth/refresh"));
  return { ...client, seen, fetchMock, onSessionEnded, refreshCalls };
}

const profile = { id: "m1", display_name: "River" };

/** The API: access-2 is the only valid access token after one refresh of refresh-1. */
function rotatingApi(refreshResponse: () => Response = () => json({ access_token: "access-2", refresh_token: "refresh-2" })): Handler {
  return async (request) => {
    if (request.url.endsWith("/api/v1/auth/refresh")) return refreshResponse();
    return request.headers.get("Authorization") === "Bearer access-2" ? json(profile) : problem(401, "The token has expired.");
  };
}

describe("auth middleware", () => {
  it("attaches the stored access token", async () => {
    const { api, seen } = setup(() => json(profile));
    const { data } = await api.GET("/api/v1/members/me");
    expect(data).toEqual(profile);
    expect(seen[0]?.headers.get("Authorization")).toBe("Bearer access-1");
  });

  it("sends no token to sign-in, and does not refresh when the password is wrong", async () => {
    const { api, seen, refreshCalls } = setup(() => problem(401, "The email or password is not right."));
    const { error, response } = await api.POST("/api/v1/auth/login", { body: { email: "a@b.org", password: "x" } });
    expect(response.status).toBe(401);
    expect(error?.detail).toBe("The email or password is not right.");
    expect(seen[0]?.headers.has("Authorization")).toBe(false);
    expect(refreshCalls()).toHaveLength(0);
  });

  it("refreshes once on a 401, keeps the new pair and retries with it", async () => {
    const { api, tokens, seen, refreshCalls } = setup(rotatingApi());
    const { data, response } = await api.GET("/api/v1/members/me");
    expect(response.status).toBe(200);
    expect(data).toEqual(profile);
    expect(refreshCalls()).toHaveLength(1);
    expect(await refreshCalls()[0]?.json()).toEqual({ refresh_token: "refresh-1" });
    expect(tokens.get()).toEqual({ access: "access-2", refresh: "refresh-2" });
    expect(seen.at(-1)?.headers.get("Authorization")).toBe("Bearer access-2");
  });

  it("retries a request with its body intact", async () => {
    const { api, seen } = setup(rotatingApi());
    await api.PATCH("/api/v1/members/me", { body: { pronouns: "they/them" } });
    const retried = seen.at(-1);
    expect(retried?.method).toBe("PATCH");
    expect(await retried?.json()).toEqual({ pronouns: "they/them" });
  });

  it("shares one refresh between concurrent 401s (refresh tokens are single-use)", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = rotatingApi();
    const { api, refreshCalls } = setup(async (request) => {
      if (request.url.endsWith("/auth/refresh")) await gate;
      return handler(request);
    });
    const calls = Promise.all([
      api.GET("/api/v1/members/me"),
      api.GET("/api/v1/members/me/export"),
      api.GET("/api/v1/members/me/login-sessions"),
    ]);
    await vi.waitFor(() => expect(refreshCalls()).toHaveLength(1));
    release();
    const results = await calls;
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200]);
    expect(refreshCalls()).toHaveLength(1);
  });

  it("uses a token another tab already refreshed instead of spending the refresh token again", async () => {
    const { api, tokens, refreshCalls } = setup(async (request) => {
      if (request.headers.get("Authorization") === "Bearer access-1") {
        tokens.set({ access: "access-2", refresh: "refresh-2" }); // the other tab won the race
        return problem(401, "The token has expired.");
      }
      return rotatingApi()(request);
    });
    const { response } = await api.GET("/api/v1/members/me");
    expect(response.status).toBe(200);
    expect(refreshCalls()).toHaveLength(0);
  });

  it("signs out when the refresh is refused, and returns the original 401", async () => {
    const { api, tokens, onSessionEnded, fetchMock } = setup(
      rotatingApi(() => problem(401, "This refresh token was already used.")),
    );
    const { error, response } = await api.GET("/api/v1/members/me");
    expect(response.status).toBe(401);
    expect(error?.detail).toBe("The token has expired.");
    expect(tokens.get()).toBeNull();
    expect(onSessionEnded).toHaveBeenCalledOnce();
    expect(fetchMock).toHaveBeenCalledTimes(2); // the call and one refresh: no retry loop
  });

  it("keeps the tokens when the refresh fails for a passing reason (503)", async () => {
    const { api, tokens, onSessionEnded } = setup(rotatingApi(() => problem(503, "Maintenance")));
    const { response } = await api.GET("/api/v1/members/me");
    expect(response.status).toBe(401);
    expect(tokens.get()).toEqual(START);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it("leaves a caller's own Authorization alone (the fresh token for account deletion)", async () => {
    const { api, seen, refreshCalls } = setup(() => problem(401, "Confirm your password again."));
    const { response } = await api.DELETE("/api/v1/members/me", { headers: { Authorization: "Bearer fresh" } });
    expect(response.status).toBe(401);
    expect(seen[0]?.headers.get("Authorization")).toBe("Bearer fresh");
    expect(refreshCalls()).toHaveLength(0);
  });

  it("sends no token when signed out", async () => {
    const { api, seen } = setup(() => json({ region: "GB", lines: [] }), null);
    await api.GET("/api/v1/resources/crisis", { params: { query: { region: "GB" } } });
    expect(seen[0]?.headers.has("Authorization")).toBe(false);
  });
});

describe("token store", () => {
  it("returns a stable snapshot and notifies subscribers", () => {
    const store = createTokenStore(localStorage);
    const listener = vi.fn();
    store.subscribe(listener);
    store.set(START);
    expect(store.get()).toBe(store.get());
    store.clear();
    expect(store.get()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
