import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../api/client";
import { fetchRouter, json } from "../../test/http";
import { renderPage } from "../../test/render";
import { helpHref } from "./help";
import { HelpLink } from "./HelpLink";
import { guessRegion, smsHref } from "./region";

describe("links to the server-rendered crisis page", () => {
  it("open a known country, and let the page guess otherwise", () => {
    expect(helpHref("JP")).toBe("/help?region=JP");
    expect(helpHref(null)).toBe("/help");
    expect(helpHref("not a code")).toBe("/help");
  });

  it("use the signed-in member's profile country, as a plain document link", async () => {
    tokenStore.set({ access: "a", refresh: "r" });
    const router = fetchRouter({
      "GET /api/v1/members/me": () =>
        json({ id: "m1", role: "member", display_name: "Wren", time_zone: "Europe/London", country: "MX" }),
    });
    vi.stubGlobal("fetch", vi.fn(router.fetch));
    renderPage(<HelpLink>Get help now</HelpLink>, { path: "/" });

    await waitFor(() => expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help?region=MX"));
  });

  it("link to the region a check-in answered for, whoever is signed in", () => {
    renderPage(<HelpLink region="GB">More helplines</HelpLink>, { path: "/" });
    expect(screen.getByRole("link", { name: "More helplines" })).toHaveAttribute("href", "/help?region=GB");
  });

  it("send a visitor to /help, which guesses from the browser", () => {
    renderPage(<HelpLink>Get help now</HelpLink>, { path: "/" });
    expect(screen.getByRole("link", { name: "Get help now" })).toHaveAttribute("href", "/help");
  });
});

describe("crisis helpers", () => {
  it("guesses the region from the browser's languages", () => {
    expect(guessRegion(["en-GB"])).toBe("GB");
    expect(guessRegion(["fr", "de-DE"])).toBe("DE");
  });

  it("builds sms: links with the keyword", () => {
    expect(smsHref("85258", "SHOUT")).toBe("sms:85258?body=SHOUT");
    expect(smsHref("0477 13 11 14")).toBe("sms:0477131114");
  });
});
