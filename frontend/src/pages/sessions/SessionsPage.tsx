import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { FilterForm } from "../../components/FilterForm";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { activeFilterCount, filtersFromSearch, searchFromFilters, sessionQueryFrom } from "../../lib/filters";
import { useSignedIn } from "../../lib/session";
import { timeZoneLabel } from "../../lib/timeZones";
import { useViewerTimeZone } from "../account/queries";
import { useSessions } from "./queries";
import { SessionItem } from "./SessionItem";

export function SessionsPage() {
  usePageTitle("Sessions");
  const signedIn = useSignedIn();
  return (
    <article className="page">
      <h1>Sessions</h1>
      {signedIn ? null : (
        <div className="card">
          <p className="lead">Sessions are where groups meet, online or in person.</p>
          <p>Look around first. To book a place, create a free account (a pseudonym is fine).</p>
          <p className="actions">
            <Link to="/sign-up" state={{ from: "/sessions" }} className="button button--quiet">
              Create an account
            </Link>
            <Link to="/sign-in" state={{ from: "/sessions" }} className="button button--quiet">
              Sign in
            </Link>
          </p>
        </div>
      )}
      <UpcomingSessions />
    </article>
  );
}

function UpcomingSessions() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const query = useMemo(() => sessionQueryFrom(filters), [filters]);
  const sessions = useSessions(query);
  const timeZone = useViewerTimeZone();
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = Boolean(filters.q) || activeFilterCount(filters) > 0;

  return (
    <>
      <p className="lead">
        Upcoming sessions of the groups you can see, soonest first. Your own bookings are in{" "}
        <Link to="/my/sessions">My sessions</Link>.
      </p>
      <FilterForm
        value={filters}
        onApply={(next) => setParams(searchFromFilters({ ...next, hasUpcoming: false }))}
        searchLabel="Search sessions"
        searchHint="A word from a group's name or description."
      />
      <section aria-labelledby="sessions-results">
        <h2 id="sessions-results" className="visually-hidden">
          Results
        </h2>
        <p className="muted">Times are in your time zone, {timeZoneLabel(timeZone)}.</p>
        {sessions.isPending ? <p>Looking for sessions…</p> : null}
        {sessions.isError ? <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
        {sessions.isSuccess && items.length === 0 ? (
          <div className="card empty">
            <p>{searching ? "No upcoming sessions match that search." : "No upcoming sessions yet."}</p>
            <p>
              <Link to="/groups">Browse groups</Link> to find one that meets when suits you.
            </p>
          </div>
        ) : null}
        {items.length ? (
          <ul className="session-list card">
            {items.map((session) => (
              <SessionItem key={session.id} session={session} timeZone={timeZone} />
            ))}
          </ul>
        ) : null}
        <LoadMore hasMore={sessions.hasNextPage} loading={sessions.isFetchingNextPage} onLoad={() => void sessions.fetchNextPage()} label="Show later sessions" />
      </section>
    </>
  );
}
