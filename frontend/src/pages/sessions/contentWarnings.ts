/** Content notes typed as "relapse, grief" → ["relapse", "grief"]: trimmed, no repeats, at most 10. */
export const MAX_CONTENT_WARNINGS = 10;
export const MAX_CONTENT_WARNING_LENGTH = 60;

export function parseContentWarnings(text: string): string[] {
  const seen = new Set<string>();
  const warnings: string[] = [];
  for (const part of text.split(/[,;\n]/)) {
    const warning = part.trim().replace(/\s+/g, " ");
    const key = warning.toLowerCase();
    if (!warning || seen.has(key)) continue;
    seen.add(key);
    warnings.push(warning);
  }
  return warnings;
}

/** A message for the field, or null when the notes are fine to send. */
export function contentWarningsProblem(warnings: string[]): string | null {
  if (warnings.length > MAX_CONTENT_WARNINGS) return `Up to ${MAX_CONTENT_WARNINGS} content notes, please.`;
  const long = warnings.find((warning) => warning.length > MAX_CONTENT_WARNING_LENGTH);
  return long ? `Keep each note under ${MAX_CONTENT_WARNING_LENGTH} characters (“${long.slice(0, 20)}…” is longer).` : null;
}
