import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { tokenStore } from "../api/client";
import { renderPage } from "../test/render";
import { Header } from "./Header";
import { RequireAuth } from "./RequireAuth";

describe("Header", () => {
  it("offers help, sign-in and sign-up when signed out", () => {
    renderPage(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help");
    expect(screen.getByRole("link", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });

  it("offers help, profile and sign-out when signed in", () => {
    tokenStore.set({ access: "a", refresh: "r" });
    renderPage(<Header />, { path: "/" });
    expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help");
    expect(screen.getByRole("link", { name: "Profile" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeEnabled();
  });
});

describe("RequireAuth", () => {
  it("sends visitors to sign in", () => {
    renderPage(<RequireAuth><p>Private</p></RequireAuth>, { path: "/profile" });
    expect(screen.getByTestId("location")).toHaveTextContent("/sign-in");
    expect(screen.queryByText("Private")).not.toBeInTheDocument();
  });

  it("shows the page to signed-in members", () => {
    tokenStore.set({ access: "a", refresh: "r" });
    renderPage(<RequireAuth><p>Private</p></RequireAuth>, { path: "/profile" });
    expect(screen.getByText("Private")).toBeInTheDocument();
  });
});
