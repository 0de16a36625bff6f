import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { json, problem, requestOf } from "../../test/http";
import { renderPage } from "../../test/render";
import { SignUpPage } from "./SignUpPage";

async function fillIn(password = "calm-harbour-lantern-7391") {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), "river@example.org");
  await user.type(screen.getByLabelText("Password"), password);
  await user.type(screen.getByLabelText("Display name"), "River");
  return user;
}

describe("SignUpPage", () => {
  it("labels every field and defaults the time zone to the browser's", () => {
    renderPage(<SignUpPage />, { path: "/sign-up" });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Create your account");
    expect(screen.getByLabelText("Time zone")).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(/At least 12 characters/);
    expect(screen.getByLabelText("Display name")).toHaveAccessibleDescription(/Pseudonyms welcome/);
  });

  it("shows the API's password message beside the password field", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => problem(422, "The request has invalid fields.", { password: ["That password is too common."] })),
    );
    renderPage(<SignUpPage />, { path: "/sign-up" });
    const user = await fillIn("password1234");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    const password = screen.getByLabelText("Password");
    await waitFor(() => expect(password).toHaveAttribute("aria-invalid", "true"));
    expect(password).toHaveAccessibleDescription(/That password is too common\./);
    expect(screen.getByLabelText("Email")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("alert")).toHaveTextContent(/another look/);
    await waitFor(() => expect(password).toHaveFocus());
  });

  it("registers, signs in and goes home", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
      const request = requestOf(input);
      if (request.url.endsWith("/auth/register")) return json({ id: "m1", display_name: "River" }, 201);
      return json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 });
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<SignUpPage />, { path: "/sign-up" });
    const user = await fillIn();
    const button = screen.getByRole("button", { name: "Create account" });
    await user.click(button);

    expect(await screen.findByTestId("location")).toHaveTextContent("/");
    expect(tokenStore.get()).toEqual({ access: "a", refresh: "r" });
    const register = requestOf(fetchMock.mock.calls[0]![0]);
    expect(register.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await register.json()).toMatchObject({ email: "river@example.org", display_name: "River" });
  });

  it("disables the button while submitting", async () => {
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>(() => undefined)));
    renderPage(<SignUpPage />, { path: "/sign-up" });
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("button", { name: /Creating your account/ })).toBeDisabled();
  });
});
