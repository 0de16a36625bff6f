/** The region (ISO 3166-1 alpha-2) to show first, guessed from the browser's languages. */
export function guessRegion(languages: readonly string[], fallback = "US"): string {
  for (const language of languages) {
    const region = regionOf(language);
    if (region) return region;
  }
  return fallback;
}

function regionOf(languageTag: string): string | null {
  try {
    const region = new Intl.Locale(languageTag).region;
    if (region && /^[A-Z]{2}$/.test(region)) return region;
  } catch {
    // not a valid tag: fall through to a plain split
  }
  const part = languageTag.split(/[-_]/)[1];
  return part && /^[A-Za-z]{2}$/.test(part) ? part.toUpperCase() : null;
}

export function normaliseRegion(value: string | null | undefined): string | null {
  return value && /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : null;
}

export function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Names that read better with an article: "in the United Kingdom". */
const WITH_ARTICLE = new Set(["GB", "US", "NL", "PH", "AE", "CZ", "DO", "BS", "GM", "CF", "KM", "MV", "SC"]);

export function placeName(code: string): string {
  return WITH_ARTICLE.has(code) ? `the ${regionName(code)}` : regionName(code);
}

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Digits (and a leading +) for a tel: or sms: link: "116 123" → "116123". */
export function dialable(number: string): string {
  return number.replace(/[^\d+]/g, "");
}

export function smsHref(number: string, keyword?: string | null): string {
  const body = keyword ? `?body=${encodeURIComponent(keyword)}` : "";
  return `sms:${dialable(number)}${body}`;
}
