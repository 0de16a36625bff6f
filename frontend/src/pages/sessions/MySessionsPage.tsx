import { Link, useSearchParams } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDay, formatTime } from "../../lib/dates";
import { useViewerTimeZone } from "../account/queries";
import { CalendarFeed } from "./CalendarFeed";
import { useMySessions, type Rsvp } from "./queries";

const TABS = [
  { when: "upcoming", label: "Upcoming" },
  { when: "past", label: "Past" },
] as const;

/** My bookings, upcoming (soonest first) and past (latest first), and my calendar feed. */
export function MySessionsPage() {
  usePageTitle("My sessions");
  const [params] = useSearchParams();
  const when = params.get("when") === "past" ? "past" : "upcoming";
  const sessions = useMySessions(when);
  const timeZone = useViewerTimeZone();
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--medium">
      <h1>My sessions</h1>
      <nav aria-label="Upcoming or past" className="tabs">
        <ul>
          {TABS.map((tab) => (
            <li key={tab.when}>
              <Link to={{ search: tab.when === "past" ? "?when=past" : "" }} aria-current={when === tab.when ? "page" : undefined} className="tabs__tab">
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="my-sessions-heading" className="card">
        <h2 id="my-sessions-heading">{when === "past" ? "Sessions you booked in the past" : "Your upcoming sessions"}</h2>
        {sessions.isPending ? <p>Loading your sessions…</p> : null}
        {sessions.isError ? <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
        {sessions.isSuccess && items.length === 0 ? (
          <p>
            {when === "past" ? "Nothing here yet." : "You haven't booked any sessions yet."} <Link to="/sessions">Find a session</Link>.
          </p>
        ) : null}
        <ul className="session-list">
          {items.map((rsvp) => (
            <MySession key={rsvp.id} rsvp={rsvp} timeZone={timeZone} past={when === "past"} />
          ))}
        </ul>
        <LoadMore hasMore={sessions.hasNextPage} loading={sessions.isFetchingNextPage} onLoad={() => void sessions.fetchNextPage()} />
      </section>
      <CalendarFeed />
    </article>
  );
}

function MySession({ rsvp, timeZone, past }: { rsvp: Rsvp; timeZone: string; past: boolean }) {
  const { session } = rsvp;
  const cancelled = session.status === "cancelled";
  const status = cancelled
    ? "Cancelled"
    : past
      ? rsvp.attendance === "attended"
        ? "Attended"
        : rsvp.attendance === "no_show"
          ? "Marked as not attended"
          : rsvp.status === "waitlisted"
            ? "Was on the waitlist"
            : "Booked"
      : rsvp.status === "confirmed"
        ? "Place confirmed"
        : `Waitlisted, position ${rsvp.waitlist_position ?? "?"}`;
  return (
    <li className={cancelled ? "session-item session-item--cancelled" : "session-item"}>
      <p className="session-item__when">
        <span className="session-item__day">{formatDay(session.starts_at, timeZone)}</span>
        <span className="session-item__time">
          {formatTime(session.starts_at, timeZone)} to {formatTime(session.ends_at, timeZone)}
        </span>
      </p>
      <div className="session-item__what">
        <p className="session-item__title">
          <Link to={`/sessions/${session.id}`}>{session.title}</Link>
          <span className={cancelled ? "badge badge--muted" : "badge"}>{status}</span>
        </p>
        <p className="session-item__meta">{session.group.name}</p>
      </div>
    </li>
  );
}
