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
