import { useEffect, useState, type FormEvent } from "react";
import { examplesHint, SEARCH_EXAMPLES, SearchExamples } from "../../../components/SearchExamples";
import { languageName, regionName } from "../../crisis/region";
import { activeFilterCount, MAX_QUERY, NO_FILTERS, type ResourceFilters } from "../filters";
import { COMMON_LANGUAGES, COMMON_REGIONS, COST_LABELS, COSTS, KIND_LABELS, KINDS, withCurrent } from "../labels";
import { ResidenceFilters } from "./ResidenceFilters";

interface Props {
  /** The filters in the URL now. */
  value: ResourceFilters;
  onApply: (filters: ResourceFilters) => void;
}

/** Search box plus the optional filters, folded away until asked for (or while any is on). */
export function ResourceFilterForm({ value, onApply }: Props) {
  const [draft, setDraft] = useState<ResourceFilters>(value);
  useEffect(() => setDraft(value), [value]);
  const active = activeFilterCount(value);

  function update<K extends keyof ResourceFilters>(key: K, next: ResourceFilters[K]) {
    setDraft((current) => ({ ...current, [key]: next }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="card resource-filters" role="search" aria-label="Search and filters" onSubmit={submit}>
      <div className="resource-filters__search">
        <div className="field">
          <label className="field__label" htmlFor="resource-q">
            Search resources
          </label>
          <p className="field__hint" id="resource-q-hint">
            What you're looking for, {examplesHint(SEARCH_EXAMPLES.resources)}.
          </p>
          <input
            id="resource-q"
            name="q"
            type="search"
            maxLength={MAX_QUERY}
            value={draft.q}
            aria-describedby="resource-q-hint"
            onChange={(event) => update("q", event.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
        <SearchExamples examples={SEARCH_EXAMPLES.resources} onPick={(q) => onApply({ ...draft, q })} />
      </div>
      <details open={active > 0 || undefined}>
        <summary>Filters{active ? ` (${active} on)` : ""}</summary>
        <div className="resource-filters__grid">
          <div className="field">
            <label className="field__label" htmlFor="resource-kind">
              Type of support
            </label>
            <select id="resource-kind" name="kind" value={draft.kind} onChange={(event) => update("kind", event.target.value as ResourceFilters["kind"])}>
              <option value="">Any type</option>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="resource-region">
              Country
            </label>
            <select id="resource-region" name="region" value={draft.region} onChange={(event) => update("region", event.target.value)}>
              <option value="">Anywhere</option>
              {withCurrent(COMMON_REGIONS, draft.region).map((code) => (
                <option key={code} value={code}>
                  {regionName(code)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="resource-cost">
              Cost
            </label>
            <select id="resource-cost" name="cost" value={draft.cost} onChange={(event) => update("cost", event.target.value as ResourceFilters["cost"])}>
              <option value="">Any cost</option>
              {COSTS.map((cost) => (
                <option key={cost} value={cost}>
                  {COST_LABELS[cost]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="resource-language">
              Language
            </label>
            <select id="resource-language" name="language" value={draft.language} onChange={(event) => update("language", event.target.value)}>
              <option value="">Any language</option>
              {withCurrent(COMMON_LANGUAGES, draft.language).map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="field">
          <legend className="visually-hidden">Only show</legend>
          <label className="resource-check">
            <input type="checkbox" name="online" checked={draft.online} onChange={(event) => update("online", event.target.checked)} />
            Available online
          </label>
          <label className="resource-check">
            <input type="checkbox" name="open_24_7" checked={draft.open247} onChange={(event) => update("open247", event.target.checked)} />
            Open 24/7
          </label>
          <label className="resource-check">
            <input type="checkbox" name="verified" checked={draft.verified} onChange={(event) => update("verified", event.target.checked)} />
            Verified in the last year only
          </label>
        </fieldset>
        <ResidenceFilters value={draft} update={update} />
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
