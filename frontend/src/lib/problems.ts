/**
 * Turning API failures (RFC 9457 problem+json) into calm, specific messages for people.
 */
import type { components } from "../api/schema";

export type Problem = components["schemas"]["Problem"];

/** A failed API call: HTTP status (0 when the network failed), the problem body if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  /** Seconds from a Retry-After header (429). */
  readonly retryAfter: number | undefined;

  constructor(status: number, problem?: Problem, retryAfter?: number) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && ("status" in value || "detail" in value);
}

/** Build an ApiError from openapi-fetch's `{error, response}`. */
export function toApiError(error: unknown, response: Response): ApiError {
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  return new ApiError(
    response.status,
    isProblem(error) ? error : undefined,
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

type Result<T> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * Await an openapi-fetch call: its data, or a thrown ApiError (status 0 when offline).
 * `data` is only absent for bodiless answers (204), whose callers do not read it.
 */
export async function unwrap<T>(
  call: Promise<Result<T>>,
): Promise<{ data: NonNullable<T>; response: Response }> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw toApiError(result.error, result.response);
  }
  return { data: result.data as NonNullable<T>, response: result.response };
}

function waitPhrase(seconds: number | undefined): string {
  if (!seconds) return "in a little while";
  if (seconds < 90) return "in about a minute";
  return `in about ${Math.ceil(seconds / 60)} minutes`;
}

/** One sentence for the general error area of a form or page. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return "Something unexpected happened. Please try again.";
  }
  if (error.status === 0) {
    return "We couldn't reach Peerway. Check your connection and try again.";
  }
  if (error.status === 429) {
    return `Too many attempts for now. Please try again ${waitPhrase(error.retryAfter)}.`;
  }
  if (error.status >= 500) {
    return "Something went wrong on our side. Please try again in a moment.";
  }
  return error.problem?.detail || error.problem?.title || "That didn't work. Please try again.";
}

export type FieldErrors<F extends string> = Partial<Record<F, string[]>>;

export interface FormErrors<F extends string> {
  fields: FieldErrors<F>;
  general: string | null;
}

export const NO_ERRORS = { fields: {}, general: null } as const;

/**
 * Split a failure into messages beside each known field and one general message.
 * Messages for fields the form does not show (or `_schema`) join the general message.
 */
export function formErrorsFrom<F extends string>(
  error: unknown,
  knownFields: readonly F[],
): FormErrors<F> {
  const fields: FieldErrors<F> = {};
  const stray: string[] = [];
  const problemErrors = error instanceof ApiError ? error.problem?.errors : undefined;
  for (const [name, messages] of Object.entries(problemErrors ?? {})) {
    if ((knownFields as readonly string[]).includes(name)) {
      fields[name as F] = messages;
    } else {
      stray.push(...messages);
    }
  }
  const hasFieldErrors = Object.keys(fields).length > 0;
  if (!hasFieldErrors && stray.length === 0) {
    return { fields, general: describeError(error) };
  }
  const parts = hasFieldErrors ? ["Some answers need another look: see the messages by each field."] : [];
  return { fields, general: [...parts, ...stray].join(" ") };
}
