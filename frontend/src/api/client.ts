/**
 * The one hand-written API module: a typed openapi-fetch client plus the auth middleware.
 *
 * Tokens live in localStorage so a reload keeps the member signed in. The middleware attaches
 * the access token; on a 401 it refreshes ONCE and retries. Refresh tokens are single-use and
 * presenting a used one revokes the whole sign-in, so concurrent 401s share one in-flight
 * refresh (and, where the browser has Web Locks, other tabs wait for it too). If the refresh is
 * refused, the member is signed out and sent to the sign-in page.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type TokenPair = components["schemas"]["TokenPair"];
export interface Tokens {
  access: string;
  refresh: string;
}

export const ACCESS_KEY = "peerway.access_token";
export const REFRESH_KEY = "peerway.refresh_token";
const REFRESH_PATH = "/api/v1/auth/refresh";
const REFRESH_LOCK = "peerway-token-refresh";
/** Calls whose 401 means "wrong credentials", never "the access token expired". */
const CREDENTIAL_PATHS = new Set<string>([
  "/api/v1/auth/login",
  "/api/v1/auth/register",
  REFRESH_PATH,
]);

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

/** Tokens in Web Storage, with a stable snapshot for useSyncExternalStore. */
export function createTokenStore(storage: Storage, win?: Window): TokenStore {
  const listeners = new Set<() => void>();
  let snapshot: Tokens | null = null;
  const notify = () => listeners.forEach((listener) => listener());
  // Another tab signed in, refreshed or signed out.
  win?.addEventListener("storage", (event) => {
    if (event.key === null || event.key === ACCESS_KEY || event.key === REFRESH_KEY) notify();
  });
  return {
    get() {
      const access = storage.getItem(ACCESS_KEY);
      const refresh = storage.getItem(REFRESH_KEY);
      if (!access || !refresh) {
        snapshot = null;
      } else if (snapshot?.access !== access || snapshot.refresh !== refresh) {
        snapshot = { access, refresh };
      }
      return snapshot;
    },
    set(tokens) {
      storage.setItem(ACCESS_KEY, tokens.access);
      storage.setItem(REFRESH_KEY, tokens.refresh);
      notify();
    },
    clear() {
      storage.removeItem(ACCESS_KEY);
      storage.removeItem(REFRESH_KEY);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Turn a token pair from the API into stored tokens; null if the API left a token out. */
export function tokensFrom(pair: TokenPair | undefined): Tokens | null {
  if (!pair?.access_token || !pair.refresh_token) return null;
  return { access: pair.access_token, refresh: pair.refresh_token };
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  tokens: TokenStore;
  /** Called after a refused refresh has cleared the tokens. */
  onSessionEnded?: () => void;
  locks?: LockManager;
}

export interface ApiClient {
  api: Client<paths>;
  tokens: TokenStore;
  /** Exposed for tests: refresh unless another caller already did. */
  refreshOnce(usedAccessToken: string): Promise<string | null>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? "";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { tokens } = options;
  const api = createClient<paths>({ baseUrl, fetch: doFetch });
  let inFlight: Promise<string | null> | null = null;

  async function refresh(usedAccessToken: string): Promise<string | null> {
    // Re-read: another tab (or a call that finished first) may already have refreshed.
    const current = tokens.get();
    if (!current) return null;
    if (current.access !== usedAccessToken) return current.access;
    let response: Response;
    try {
      response = await doFetch(
        new Request(baseUrl + REFRESH_PATH, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: current.refresh }),
        }),
      );
    } catch {
      return null; // offline: keep the tokens, this request fails, a later one can try again
    }
    if (response.ok) {
      const next = tokensFrom((await response.json()) as TokenPair);
      if (next) {
        tokens.set(next);
        return next.access;
      }
    } else if (response.status === 429 || response.status >= 500) {
      return null; // the refresh token was not spent: keep it for later
    }
    tokens.clear();
    options.onSessionEnded?.();
    return null;
  }

  function refreshOnce(usedAccessToken: string): Promise<string | null> {
    const current = tokens.get();
    if (!current) return Promise.resolve(null);
    if (current.access !== usedAccessToken) return Promise.resolve(current.access);
    if (!inFlight) {
      const locks = options.locks;
      const run = () => refresh(usedAccessToken);
      const serialised = locks ? (async () => await locks.request(REFRESH_LOCK, run))() : run();
      inFlight = serialised.finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  }

  // Requests we signed, kept (unsent copy) so a 401 can be retried once with a new token.
  const retryable = new Map<string, Request>();

  const auth: Middleware = {
    onRequest({ request, schemaPath, id }) {
      // A caller-supplied Authorization (the fresh token for account deletion) is left alone.
      if (CREDENTIAL_PATHS.has(schemaPath) || request.headers.has("Authorization")) return;
      const current = tokens.get();
      if (!current) return;
      request.headers.set("Authorization", `Bearer ${current.access}`);
      retryable.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id }) {
      const retry = retryable.get(id);
      retryable.delete(id);
      if (response.status !== 401 || !retry) return;
      const used = retry.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
      const access = await refreshOnce(used);
      if (!access) return;
      retry.headers.set("Authorization", `Bearer ${access}`);
      return doFetch(retry);
    },
    onError({ id }) {
      retryable.delete(id);
    },
  };
  api.use(auth);
  return { api, tokens, refreshOnce };
}

const browserStore: TokenStore = createTokenStore(window.localStorage, window);
let sessionEndedHandler: () => void = () => window.location.assign("/sign-in");

/** The app registers a router-aware handler; the default reloads into the sign-in page. */
export function setSessionEndedHandler(handler: () => void): void {
  sessionEndedHandler = handler;
}

const client = createApiClient({
  tokens: browserStore,
  onSessionEnded: () => sessionEndedHandler(),
  locks: typeof navigator !== "undefined" ? navigator.locks : undefined,
});

export const api = client.api;
export const tokenStore = client.tokens;

/** Forget the tokens on this device (the server side is revoked by POST /auth/logout). */
export function signOutLocally(): void {
  tokenStore.clear();
}
