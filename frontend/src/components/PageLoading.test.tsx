import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link, MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { lazyPage } from "../lib/lazyPage";
import { LazyPages } from "./PageLoading";

function Calm() {
  return <h1>A calm page</h1>;
}

function renderAt(route: string, missing: () => Promise<{ Missing: () => null }>) {
  const Missing = lazyPage(missing, "Missing");
  const Loaded = lazyPage(async () => ({ Calm }), "Calm");
  return render(
    <MemoryRouter initialEntries={[route]}>
      <nav>
        <Link to="/calm">Calm</Link>
      </nav>
      <Routes>
        <Route element={<LazyPages />}>
          <Route path="/calm" element={<Loaded />} />
          <Route path="/missing" element={<Missing />} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

describe("pages loaded on first use", () => {
  it("shows a loading line, then the page once its chunk arrives", async () => {
    renderAt("/calm", () => new Promise(() => undefined));
    expect(screen.getByRole("status")).toHaveTextContent("Loading…");
    expect(await screen.findByRole("heading", { name: "A calm page" })).toBeInTheDocument();
  });

  it("says a chunk that cannot be fetched did not load, offers a reload and the help link", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React reports the caught error
    const failed = new TypeError("Failed to fetch dynamically imported module: /assets/Missing-x1.js");
    renderAt("/missing", () => Promise.reject(failed));

    expect(await screen.findByRole("heading", { name: "This page didn't load" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("You may be offline, or Peerway was just updated.");
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "get help" })).toHaveAttribute("href", "/help");

    // Going elsewhere clears the error: the next page loads as usual.
    await userEvent.setup().click(screen.getByRole("link", { name: "Calm" }));
    expect(await screen.findByRole("heading", { name: "A calm page" })).toBeInTheDocument();
  });

  it("tells a page that failed to render apart from a missing chunk", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    renderAt("/missing", async () => ({
      Missing: () => {
        throw new Error("render failed");
      },
    }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong while showing this page.");
  });
});
