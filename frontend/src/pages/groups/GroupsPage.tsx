import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { FilterForm } from "../../components/FilterForm";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { examplesHint, SEARCH_EXAMPLES } from "../../components/SearchExamples";
import { usePageTitle } from "../../components/usePageTitle";
import { activeFilterCount, filtersFromSearch, groupQueryFrom, searchFromFilters } from "../../lib/filters";
import { useSignedIn } from "../../lib/session";
import { useCanCreateGroups, useViewerTimeZone } from "../account/queries";
import { GroupCard } from "./GroupCard";
import { useGroups } from "./queries";

export function GroupsPage() {
  usePageTitle("Groups");
  const signedIn = useSignedIn();
  return (
    <article className="page">
      <h1>Groups</h1>
      {signedIn ? null : <LookAround />}
      <FindGroups />
    </article>
  );
}

/** Visitors browse public groups before deciding anything; joining is where an account starts. */
function LookAround() {
  return (
    <div className="card">
      <p className="lead">Peer-support groups meet online and in person, led by people with lived experience.</p>
      <p>
        Look around first: read about a group and its sessions. To join or book a place, create a free account (a
        pseudonym is fine). Private groups are shown only to their members.
      </p>
      <p className="actions">
        <Link to="/sign-up" state={{ from: "/groups" }} className="button button--quiet">
          Create an account
        </Link>
        <Link to="/sign-in" state={{ from: "/groups" }} className="button button--quiet">
          Sign in
        </Link>
      </p>
    </div>
  );
}

function FindGroups() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const query = useMemo(() => groupQueryFrom(filters), [filters]);
  const groups = useGroups(query);
  const timeZone = useViewerTimeZone();
  const canCreate = useCanCreateGroups();
  const items = groups.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = Boolean(filters.q) || activeFilterCount(filters) > 0;

  return (
    <>
      <div className="page-intro">
        <p className="lead">Find a circle that feels right. You can read about a group before you join.</p>
        {canCreate ? (
          <Link to="/groups/new" className="button button--quiet">
            Start a group
          </Link>
        ) : null}
      </div>
      <FilterForm
        value={filters}
        onApply={(next) => setParams(searchFromFilters(next))}
        searchLabel="Search groups"
        searchHint={`A word from the name, topics or description, ${examplesHint(SEARCH_EXAMPLES.groups)}.`}
        examples={SEARCH_EXAMPLES.groups}
        showHasUpcoming
      />
      <section aria-labelledby="results-heading">
        <h2 id="results-heading" className="visually-hidden">
          Results
        </h2>
        <p role="status" className="muted results-count">
          {groups.isSuccess
            ? items.length === 0
              ? ""
              : `Showing ${items.length}${groups.hasNextPage ? "+" : ""} ${items.length === 1 ? "group" : "groups"}${searching ? " for your search" : ""}.`
            : ""}
        </p>
        {groups.isPending ? <p>Looking for groups…</p> : null}
        {groups.isError ? <QueryError error={groups.error} onRetry={() => void groups.refetch()} /> : null}
        {groups.isSuccess && items.length === 0 ? (
          <div className="card empty">
            <p>{searching ? "No groups match that search yet." : "There are no groups to show yet."}</p>
            {searching ? <p>Try fewer filters or another word. New groups start all the time.</p> : null}
          </div>
        ) : null}
        <ul className="listings">
          {items.map((group) => (
            <GroupCard key={group.id} group={group} timeZone={timeZone} />
          ))}
        </ul>
        <LoadMore
          hasMore={groups.hasNextPage}
          loading={groups.isFetchingNextPage}
          onLoad={() => void groups.fetchNextPage()}
          label="Show more groups"
        />
      </section>
    </>
  );
}
