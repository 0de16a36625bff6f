/**
 * Links for getting in touch with a service, built from numbers and addresses as curators type
 * them ("0800 123 456", "+44 (0)20 7946 0000"). Each returns null when there is nothing safe to
 * link to, so the page shows the text without a broken action.
 */

/**
 * The characters a phone dials: digits and a leading "+". In an international number the
 * "(0)" trunk prefix is only dialled from inside the country, so it is dropped.
 */
export function dialString(number: string | null | undefined): string | null {
  const written = (number ?? "").trim();
  if (!written) return null;
  const international = written.startsWith("+");
  const withoutTrunk = international ? written.replace(/\(\s*0\s*\)/g, "") : written;
  const digits = withoutTrunk.replace(/\D/g, "");
  // Short codes such as 999 or 111 are real; one digit or an empty string is not.
  if (digits.length < 3) return null;
  return (international ? "+" : "") + digits;
}

export function telHref(number: string | null | undefined): string | null {
  const dial = dialString(number);
  return dial ? `tel:${dial}` : null;
}

/** An sms: link, optionally with a first message (e.g. a keyword like "SHOUT"). */
export function smsHref(number: string | null | undefined, body?: string | null): string | null {
  const dial = dialString(number);
  if (!dial) return null;
  return body ? `sms:${dial}?body=${encodeURIComponent(body)}` : `sms:${dial}`;
}

export function mailtoHref(email: string | null | undefined): string | null {
  const address = (email ?? "").trim();
  // The API validates addresses; this only refuses what would change the link's meaning.
  if (!/^[^\s@?#/:]+@[^\s@?#/:]+$/.test(address)) return null;
  return `mailto:${address}`;
}

/** Only http(s) addresses become links: never javascript: or data: from a stored entry. */
export function webHref(url: string | null | undefined): string | null {
  const written = (url ?? "").trim();
  if (!written) return null;
  try {
    const parsed = new URL(written);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** "samaritans.org" for a link's visible text: the host without "www.". */
export function displayHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return url;
  }
}
