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

  it("sends no clinic code when none was given", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
      const request = requestOf(input);
      if (request.url.endsWith("/auth/register")) return json({ id: "m1", display_name: "River" }, 201);
      return json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 });
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<SignUpPage />, { path: "/sign-up" });
    expect(screen.getByLabelText("Clinic invitation code (optional)")).toHaveValue("");
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/");
    expect(await requestOf(fetchMock.mock.calls[0]![0]).json()).not.toHaveProperty("clinic_invitation");
  });
});

describe("SignUpPage with a clinic's referral link", () => {
  function answer(register: () => Response) {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
      const request = requestOf(input);
      if (request.url.endsWith("/auth/register")) return register();
      return json({ access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 900 });
    });
    vi.stubGlobal("fetch", fetchMock);
    return fetchMock;
  }

  it("fills in the code from the link, sends it, then says a clinic proposed sharing", async () => {
    const fetchMock = answer(() => json({ id: "m1", display_name: "River" }, 201));
    renderPage(<SignUpPage />, { path: "/sign-up", route: "/sign-up?clinic_code=K7QP-M2XD-9RTF" });
    const code = screen.getByLabelText("Clinic invitation code (optional)");
    expect(code).toHaveValue("K7QP-M2XD-9RTF");
    expect(code).toHaveAccessibleDescription(/shares nothing by itself/);
    expect(screen.getByText(/You have a clinic invitation/)).toBeInTheDocument();
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome to Peerway, River" })).toHaveFocus();
    expect(screen.getByRole("heading", { name: "A clinic has asked to see some of your information" })).toBeInTheDocument();
    expect(screen.getByText(/Nothing is shared unless you agree/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Review what they asked" })).toHaveAttribute("href", "/account/clinics");
    expect(tokenStore.get()).toEqual({ access: "a", refresh: "r" });
    expect(await requestOf(fetchMock.mock.calls[0]![0]).json()).toMatchObject({ email: "river@example.org", clinic_invitation: "K7QP-M2XD-9RTF" });
  });

  it("shows a refused code beside its field, where it can be corrected", async () => {
    answer(() => problem(422, "The request has invalid fields.", { clinic_invitation: ["This clinic invitation code is not valid or has expired."] }));
    renderPage(<SignUpPage />, { path: "/sign-up", route: "/sign-up?clinic_code=OLD-CODE" });
    const user = await fillIn();
    await user.click(screen.getByRole("button", { name: "Create account" }));
    const code = screen.getByLabelText("Clinic invitation code (optional)");
    await waitFor(() => expect(code).toHaveAttribute("aria-invalid", "true"));
    expect(code).toHaveAccessibleDescription(/not valid or has expired/);
    await user.clear(code);
    expect(code).toHaveValue("");
  });
});
