/**
 * The spec types "my membership" and "my RSVP" as `Thing | {} | null` (an anyOf with an empty
 * nullable object), so "none" can arrive as null or as {}. This turns both into null.
 */
export function present<T extends object, K extends keyof T>(
  value: T | Record<string, never> | null | undefined,
  key: K,
): T | null {
  return value && key in value ? (value as T) : null;
}
