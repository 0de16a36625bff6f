import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { usePageTitle } from "../../components/usePageTitle";
import { CrisisLineCard } from "./CrisisLineCard";
import { HELPLINE_DIRECTORY } from "./fallback";
import { dialable, guessRegion, normaliseRegion, placeName, regionName } from "./region";
import { useCrisisRegions, useCrisisResources } from "./useCrisisResources";

/** /help: public, reachable from every page, and working even when the API is not. */
export function CrisisPage() {
  usePageTitle("Get help now");
  const [params, setParams] = useSearchParams();
  const guessed = useMemo(() => guessRegion(navigator.languages?.length ? navigator.languages : [navigator.language]), []);
  const region = normaliseRegion(params.get("region")) ?? guessed;
  const { resources, usingFallback, loading } = useCrisisResources(region);
  const regions = useCrisisRegions(region, guessed);
  const sortedRegions = useMemo(
    () => [...new Set(regions)].map((code) => ({ code, name: regionName(code) })).sort((a, b) => a.name.localeCompare(b.name)),
    [regions],
  );
  const emergency = resources.emergency_number ?? "112";
  const directory = resources.directory ?? HELPLINE_DIRECTORY;
  const lines = resources.lines ?? [];
  const place = placeName(region);

  return (
    <article className="page crisis">
      <h1>Get help now</h1>
      <p className="lead">You don't have to face this alone. These services are free, confidential and there to listen.</p>

      <section className="card card--emergency" aria-labelledby="emergency-heading">
        <h2 id="emergency-heading">If you're in danger right now</h2>
        <p>
          If you or someone else might be hurt, or you feel you can't keep yourself safe, call the
          emergency number <strong className="emergency-number">{emergency}</strong>.
        </p>
        <a className="button button--emergency" href={`tel:${dialable(emergency)}`}>
          Call {emergency}
        </a>
      </section>

      <div className="field region-select">
        <label className="field__label" htmlFor="crisis-region">
          Where are you?
        </label>
        <select
          id="crisis-region"
          name="region"
          value={region}
          onChange={(event) => setParams({ region: event.target.value }, { replace: true })}
        >
          {sortedRegions.map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>

      {usingFallback ? (
        <p role="status" className="alert alert--info">
          We couldn't load the latest list just now, so these are the numbers saved in the app.
        </p>
      ) : null}

      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">Someone to talk to in {place}</h2>
        {lines.length ? (
          <ul className="crisis-lines">
            {lines.map((line) => (
              <CrisisLineCard key={`${line.region}-${line.name}`} line={line} />
            ))}
          </ul>
        ) : loading ? (
          <p>Looking up lines for {place}…</p>
        ) : (
          <p>We don't list lines for {place} yet. The directory below has services near you.</p>
        )}
      </section>

      <section className="card" aria-labelledby="directory-heading">
        <h2 id="directory-heading">Somewhere else?</h2>
        <p>{directory.description ?? "Free, confidential helplines in many more countries."}</p>
        <p>
          <a href={directory.url} rel="noreferrer">
            Visit {directory.name}
          </a>
        </p>
      </section>
    </article>
  );
}
