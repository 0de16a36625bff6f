import { useSignedIn } from "../../lib/session";
import { useMyProfile } from "../account/queries";

/**
 * The crisis page is served by the server at /help (it works without JavaScript and offline), so
 * every link to it is a plain document link, never client routing. With a known country it opens
 * that country; otherwise /help itself guesses from the browser's languages (Accept-Language) and
 * its script checks the time zone, and a guess stays a guess that the page can still correct.
 */
export function helpHref(country?: string | null): string {
  return country && /^[A-Z]{2}$/.test(country) ? `/help?region=${country}` : "/help";
}

/** /help for the signed-in member's profile country, else /help for the page to guess. */
export function useHelpHref(): string {
  const signedIn = useSignedIn();
  const me = useMyProfile(signedIn);
  return helpHref(signedIn ? me.data?.profile.country : null);
}
