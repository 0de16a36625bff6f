import { describe, expect, it } from "vitest";
import { dialString, displayHost, mailtoHref, smsHref, telHref, webHref } from "./contact";

describe("telHref", () => {
  it.each([
    ["116 123", "tel:116123"],
    ["0800 123 456", "tel:0800123456"],
    ["(020) 7946-0000", "tel:02079460000"],
    ["+1 (800) 662-4357", "tel:+18006624357"],
    ["999", "tel:999"],
  ])("dials %s as %s", (written, href) => {
    expect(telHref(written)).toBe(href);
  });

  it("drops the (0) trunk prefix from international numbers", () => {
    expect(telHref("+44 (0)20 7946 0000")).toBe("tel:+442079460000");
    expect(dialString("+44 ( 0 ) 1632 960 001")).toBe("+441632960001");
  });

  it("keeps a leading 0 in a national number written with brackets", () => {
    expect(telHref("(0)20 7946 0000")).toBe("tel:02079460000");
  });

  it("gives no link for nothing, or too few digits to dial", () => {
    expect(telHref(null)).toBeNull();
    expect(telHref("  ")).toBeNull();
    expect(telHref("1")).toBeNull();
  });
});

describe("smsHref", () => {
  it("texts the digits", () => {
    expect(smsHref("85 258")).toBe("sms:85258");
  });

  it("can start the message with a keyword", () => {
    expect(smsHref("85258", "SHOUT")).toBe("sms:85258?body=SHOUT");
    expect(smsHref("741741", "HOME & safe")).toBe("sms:741741?body=HOME%20%26%20safe");
  });

  it("gives no link without a number", () => {
    expect(smsHref(undefined)).toBeNull();
  });
});

describe("mailtoHref", () => {
  it("links a plain address", () => {
    expect(mailtoHref(" jo@samaritans.org ")).toBe("mailto:jo@samaritans.org");
  });

  it("refuses anything that would add headers or change the link", () => {
    expect(mailtoHref("jo@example.org?bcc=someone@example.org")).toBeNull();
    expect(mailtoHref("not an address")).toBeNull();
    expect(mailtoHref(null)).toBeNull();
  });
});

describe("webHref", () => {
  it("links http and https addresses", () => {
    expect(webHref("https://www.samaritans.org")).toBe("https://www.samaritans.org/");
    expect(webHref("http://example.org/help")).toBe("http://example.org/help");
  });

  it("never links script or data addresses", () => {
    expect(webHref("javascript:alert(1)")).toBeNull();
    expect(webHref("data:text/html,hi")).toBeNull();
    expect(webHref("samaritans.org")).toBeNull();
  });

  it("shows the host without www", () => {
    expect(displayHost("https://www.samaritans.org/how-we-can-help/")).toBe("samaritans.org");
  });
});
