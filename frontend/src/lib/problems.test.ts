import { describe, expect, it } from "vitest";
import { problem } from "../test/http";
import { ApiError, describeError, formErrorsFrom, toApiError, unwrap, type Problem } from "./problems";

const FIELDS = ["email", "password"] as const;

/** A whole problem body (the spec requires type, title, status and detail). */
function body(fields: Partial<Problem> & { status: number }): Problem {
  return { type: "https://peerway.org/problems/x", title: "Problem", detail: "", ...fields };
}

describe("formErrorsFrom", () => {
  it("puts each field's messages beside that field", () => {
    const error = new ApiError(422, body({
      status: 422,
      detail: "The request has invalid fields.",
      errors: { password: ["Use at least 12 characters.", "That password is too common."] },
    }));
    const result = formErrorsFrom(error, FIELDS);
    expect(result.fields).toEqual({ password: ["Use at least 12 characters.", "That password is too common."] });
    expect(result.general).toMatch(/another look/);
  });

  it("moves messages for fields the form doesn't show into the general message", () => {
    const error = new ApiError(422, body({ status: 422, errors: { _schema: ["Unknown field."], role: ["Not allowed."] } }));
    const result = formErrorsFrom(error, FIELDS);
    expect(result.fields).toEqual({});
    expect(result.general).toBe("Unknown field. Not allowed.");
  });

  it("uses the problem's detail when there are no field errors", () => {
    const error = new ApiError(401, body({ status: 401, detail: "The email or password is not right." }));
    expect(formErrorsFrom(error, FIELDS)).toEqual({ fields: {}, general: "The email or password is not right." });
  });
});

describe("describeError", () => {
  it("says how long to wait after too many attempts", () => {
    expect(describeError(new ApiError(429, body({ status: 429 }), 600))).toMatch(/about 10 minutes/);
  });

  it("explains a network failure", () => {
    expect(describeError(new ApiError(0))).toMatch(/couldn't reach Peerway/);
  });

  it("does not show server internals for a 500", () => {
    expect(describeError(new ApiError(500, body({ status: 500, detail: "Traceback..." })))).toMatch(/on our side/);
  });
});

describe("unwrap", () => {
  it("throws an ApiError carrying the problem and Retry-After", async () => {
    const response = problem(429, "Too many failed sign-ins.", undefined, { "Retry-After": "120" });
    const body = await response.clone().json();
    await expect(unwrap(Promise.resolve({ error: body, response }))).rejects.toMatchObject({
      status: 429,
      retryAfter: 120,
      problem: { detail: "Too many failed sign-ins." },
    });
  });

  it("turns a network failure into status 0", async () => {
    await expect(unwrap(Promise.reject(new TypeError("Failed to fetch")))).rejects.toMatchObject({ status: 0 });
  });

  it("returns data and response on success", async () => {
    const response = new Response("{}", { status: 200 });
    await expect(unwrap(Promise.resolve({ data: { ok: true }, response }))).resolves.toEqual({ data: { ok: true }, response });
  });

  it("ignores a body that is not a problem", () => {
    expect(toApiError("<html>Bad gateway</html>", new Response(null, { status: 502 })).problem).toBeUndefined();
  });
});
