import examples from "../searchExamples.json";
import "./SearchExamples.css";

/**
 * The example searches of each search box, kept in one file (src/searchExamples.json) that a
 * backend test runs against the demo data, so an example never shows an empty page.
 */
export const SEARCH_EXAMPLES: { resources: string[]; groups: string[] } = examples;

/** "such as “depression”, “housing” or “self harm”" for a search box's hint. */
export function examplesHint(words: string[]): string {
  const quoted = words.slice(0, 3).map((word) => `“${word}”`);
  return quoted.length > 1 ? `such as ${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}` : `such as ${quoted.join("")}`;
}

interface Props {
  examples: string[];
  /** Search for this example (fills the box and runs the search). */
  onPick: (example: string) => void;
}

/** "Try: depression · housing …" buttons under a search box. */
export function SearchExamples({ examples: words, onPick }: Props) {
  return (
    <div className="search-examples">
      <span className="search-examples__label" id="search-examples-label">
        Try:
      </span>
      <ul aria-labelledby="search-examples-label">
        {words.map((word) => (
          <li key={word}>
            <button type="button" className="chip" onClick={() => onPick(word)}>
              {word}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
