/** Small helpers for tests that answer fetch calls. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function problem(status: number, detail: string, errors?: Record<string, string[]>, headers: Record<string, string> = {}): Response {
  const body = { type: "https://peerway.org/problems/x", title: "Problem", status, detail, ...(errors ? { errors } : {}) };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}

/** The Request a mocked fetch received (openapi-fetch passes a Request object). */
export function requestOf(input: RequestInfo | URL): Request {
  return input instanceof Request ? input : new Request(input);
}

type Handler = (request: Request) => Response | Promise<Response>;

/**
 * A fetch stub that answers by "METHOD /path" (the query string ignored) and records each
 * request, so a test can read what the page sent. Unknown routes answer 404.
 */
export function fetchRouter(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const handler = routes[key];
    return handler ? handler(request) : problem(404, `No route for ${key}`);
  };
  return { fetch, requests, sent: (method: string, path: string) => requests.filter((r) => r.method === method && new URL(r.url).pathname === path) };
}
