import { useEffect, useState, type FormEvent } from "react";
import {
  activeFilterCount,
  COMMON_LANGUAGES,
  COMMON_REGIONS,
  FORMAT_LABELS,
  FORMATS,
  NO_FILTERS,
  TOPIC_LABELS,
  TOPICS,
  type DiscoveryFilters,
} from "../lib/filters";
import { languageName, regionName } from "../pages/crisis/region";
import { SearchExamples } from "./SearchExamples";

interface FilterFormProps {
  /** The filters in the URL now. */
  value: DiscoveryFilters;
  onApply: (filters: DiscoveryFilters) => void;
  searchLabel: string;
  searchHint?: string;
  /** Example searches offered under the box (see SearchExamples). */
  examples?: string[];
  /** Groups can be narrowed to those with upcoming sessions; sessions are upcoming already. */
  showHasUpcoming?: boolean;
}

function withCurrent(options: string[], current: string): string[] {
  return current && !options.includes(current) ? [...options, current] : options;
}

/** Search box plus the optional filters, folded away on small screens until asked for. */
export function FilterForm({ value, onApply, searchLabel, searchHint, examples, showHasUpcoming = false }: FilterFormProps) {
  const [draft, setDraft] = useState<DiscoveryFilters>(value);
  useEffect(() => setDraft(value), [value]);
  const active = activeFilterCount(value);

  function update<K extends keyof DiscoveryFilters>(key: K, next: DiscoveryFilters[K]) {
    setDraft((current) => ({ ...current, [key]: next }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  const languages = withCurrent(COMMON_LANGUAGES, draft.language);
  const regions = withCurrent(COMMON_REGIONS, draft.region);

  return (
    <form className="filters card" role="search" onSubmit={submit} aria-label="Search and filters">
      <div className="filters__search">
        <div className="field">
          <label className="field__label" htmlFor="filter-q">
            {searchLabel}
          </label>
          {searchHint ? (
            <p className="field__hint" id="filter-q-hint">
              {searchHint}
            </p>
          ) : null}
          <input
            id="filter-q"
            name="q"
            type="search"
            maxLength={100}
            value={draft.q}
            aria-describedby={searchHint ? "filter-q-hint" : undefined}
            onChange={(event) => update("q", event.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
        {examples?.length ? <SearchExamples examples={examples} onPick={(q) => onApply({ ...draft, q })} /> : null}
      </div>
      <details className="filters__more" open={active > 0 || undefined}>
        <summary>
          Filters{active ? ` (${active} on)` : ""}
        </summary>
        <div className="filters__grid">
          <div className="field">
            <label className="field__label" htmlFor="filter-topic">
              Topic
            </label>
            <select id="filter-topic" name="topic" value={draft.topic} onChange={(event) => update("topic", event.target.value as DiscoveryFilters["topic"])}>
              <option value="">Any topic</option>
              {TOPICS.map((topic) => (
                <option key={topic} value={topic}>
                  {TOPIC_LABELS[topic]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="filter-format">
              How it meets
            </label>
            <select id="filter-format" name="format" value={draft.format} onChange={(event) => update("format", event.target.value as DiscoveryFilters["format"])}>
              <option value="">Online or in person</option>
              {FORMATS.map((format) => (
                <option key={format} value={format}>
                  {FORMAT_LABELS[format]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="filter-language">
              Language
            </label>
            <select id="filter-language" name="language" value={draft.language} onChange={(event) => update("language", event.target.value)}>
              <option value="">Any language</option>
              {languages.map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="filter-region">
              Country or region
            </label>
            <select id="filter-region" name="region" value={draft.region} onChange={(event) => update("region", event.target.value)}>
              <option value="">Anywhere</option>
              {regions.map((code) => (
                <option key={code} value={code}>
                  {regionName(code)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="filters__checks">
          <label className="check">
            <input type="checkbox" name="free" checked={draft.free} onChange={(event) => update("free", event.target.checked)} />
            Free only
          </label>
          {showHasUpcoming ? (
            <label className="check">
              <input
                type="checkbox"
                name="has_upcoming"
                checked={draft.hasUpcoming}
                onChange={(event) => update("hasUpcoming", event.target.checked)}
              />
              Has upcoming sessions
            </label>
          ) : null}
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--quiet">
            Apply filters
          </button>
          {active || value.q ? (
            <button type="button" className="button button--quiet" onClick={() => onApply(NO_FILTERS)}>
              Clear all
            </button>
          ) : null}
        </div>
      </details>
    </form>
  );
}
