import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useSignedIn } from "../../lib/session";
import { CrisisNotice } from "./components/CrisisNotice";
import { ResourceCard } from "./components/ResourceCard";
import { ResourceFilterForm } from "./components/ResourceFilterForm";
import { ResourcesNav } from "./components/ResourcesNav";
import { activeFilterCount, filtersFromSearch, listQueryFrom, searchFromFilters } from "./filters";
import { useIsCurator, useResources } from "./queries";
import "./resources.css";

/** The resource finder (/resources): search and filters in the URL, results a page at a time. */
export function ResourcesPage() {
  usePageTitle("Find support services");
  const signedIn = useSignedIn();
  return (
    <article className="page">
      <CrisisNotice />
      <h1>Find support services</h1>
      {signedIn ? <ResourcesNav /> : <LookAround />}
      <FindResources />
    </article>
  );
}

/** Visitors search the directory freely; saving an entry is where an account starts. */
function LookAround() {
  return (
    <div className="card">
      <p className="lead">Helplines, meetings, treatment, housing and more, checked by Peerway coaches.</p>
      <p>Search without an account. To save entries for later, create a free account (a pseudonym is fine).</p>
      <p className="actions">
        <Link to="/sign-up" state={{ from: "/resources" }} className="button button--quiet">
          Create an account
        </Link>
        <Link to="/sign-in" state={{ from: "/resources" }} className="button button--quiet">
          Sign in
        </Link>
      </p>
    </div>
  );
}

function FindResources() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const query = useMemo(() => listQueryFrom(filters), [filters]);
  const resources = useResources(query);
  const canCurate = useIsCurator();
  const items = resources.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = Boolean(filters.q) || activeFilterCount(filters) > 0;
  const noun = items.length === 1 ? "service" : "services";

  return (
    <>
      <div className="page-intro">
        <p className="lead">Services, meetings and reading that could help. Entries say when someone last checked them.</p>
        {canCurate ? (
          <Link to="/resources/new" className="button button--quiet">
            Add a resource
          </Link>
        ) : null}
      </div>
      <ResourceFilterForm value={filters} onApply={(next) => setParams(searchFromFilters(next))} />
      <section aria-labelledby="resource-results-heading">
        <h2 id="resource-results-heading" className="visually-hidden">
          Results
        </h2>
        <p role="status" className="muted resource-results__count">
          {resources.isSuccess && items.length > 0
            ? `Showing ${items.length}${resources.hasNextPage ? "+" : ""} ${noun}${filters.q ? ", best matches first" : ""}.`
            : ""}
        </p>
        {resources.isPending ? <p>Looking for services…</p> : null}
        {resources.isError ? <QueryError error={resources.error} onRetry={() => void resources.refetch()} /> : null}
        {resources.isSuccess && items.length === 0 ? (
          <div className="card">
            <p>
              <strong>{searching ? "Nothing matches that search yet." : "The directory is empty for now."}</strong>
            </p>
            {searching ? <p>Try another word or fewer filters. Crisis lines are always on the help page.</p> : null}
          </div>
        ) : null}
        <ul className="resource-list">
          {items.map((resource) => (
            <ResourceCard key={resource.id} resource={resource} />
          ))}
        </ul>
        <LoadMore
          hasMore={resources.hasNextPage}
          loading={resources.isFetchingNextPage}
          onLoad={() => void resources.fetchNextPage()}
          label="Load more services"
        />
      </section>
    </>
  );
}
