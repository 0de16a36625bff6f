import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { json, requestOf } from "../../test/http";
import { renderPage } from "../../test/render";
import { CrisisPage } from "./CrisisPage";
import { fallbackCrisisResources } from "./fallback";
import { guessRegion, smsHref } from "./region";

const FRANCE = {
  region: "FR",
  emergency_number: "112",
  lines: [
    {
      region: "FR",
      name: "3114",
      description: "Écoute professionnelle.",
      phone: "3114",
      sms: null,
      url: "https://3114.fr",
      hours: "24/7",
      languages: ["fr"],
      source_url: "https://3114.fr",
      checked_on: "2026-11-25",
    },
  ],
  directory: { name: "Find A Helpline", url: "https://findahelpline.com", description: "More countries." },
};

describe("CrisisPage", () => {
  it("shows the bundled numbers when the API can't be reached", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    renderPage(<CrisisPage />, { path: "/help", route: "/help?region=GB" });

    expect(await screen.findByText(/numbers saved in the app/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Call 116 123" })).toHaveAttribute("href", "tel:116123");
    expect(screen.getByRole("link", { name: "Text SHOUT to 85258" })).toHaveAttribute("href", "sms:85258?body=SHOUT");
    expect(screen.getByRole("link", { name: "Call 999" })).toHaveAttribute("href", "tel:999");
  });

  it("shows the API's lines, with source and checked date, for the chosen region", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(requestOf(input).url);
      return json(url.searchParams.get("region") === "FR" ? FRANCE : { ...FRANCE, region: null });
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<CrisisPage />, { path: "/help", route: "/help?region=US" });
    await screen.findByRole("option", { name: "France" }); // regions come from the API's data
    await userEvent.setup().selectOptions(screen.getByLabelText("Where are you?"), "FR");

    const card = (await screen.findByRole("heading", { name: "3114" })).closest("li")!;
    expect(within(card).getByRole("link", { name: "Call 3114" })).toHaveAttribute("href", "tel:3114");
    expect(card).toHaveTextContent(/Source: 3114\.fr, checked (25 November 2026|November 25, 2026)/);
    expect(screen.getByRole("link", { name: "Call 112" })).toBeInTheDocument();
    expect(screen.queryByText(/numbers saved in the app/)).not.toBeInTheDocument();
    expect(document.title).toBe("Get help now · Peerway");
  });
});

describe("crisis helpers", () => {
  it("guesses the region from the browser's languages", () => {
    expect(guessRegion(["en-GB"])).toBe("GB");
    expect(guessRegion(["en-US", "en"])).toBe("US");
    expect(guessRegion(["fr", "de-DE"])).toBe("DE");
    expect(guessRegion(["en"])).toBe("US");
  });

  it("has fallbacks for the US, the UK and everywhere else", () => {
    expect(fallbackCrisisResources("US")).toMatchObject({ emergency_number: "911", lines: [{ phone: "988" }] });
    expect(fallbackCrisisResources("GB").lines?.map((line) => line.phone ?? line.sms)).toEqual(["116 123", "85258"]);
    expect(fallbackCrisisResources("NL")).toMatchObject({ emergency_number: "112", lines: [] });
  });

  it("builds sms: links with the keyword", () => {
    expect(smsHref("85258", "SHOUT")).toBe("sms:85258?body=SHOUT");
    expect(smsHref("0477 13 11 14")).toBe("sms:0477131114");
  });
});
