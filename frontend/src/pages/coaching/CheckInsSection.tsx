import { Link } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { formatDateTime } from "../../lib/dates";
import { scoreRows } from "./CheckInSummary";
import { useCheckIns, type CheckIn } from "./queries";

const RISK_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

/** The newest check-in that signalled risk within the last 14 days, if any. */
export function recentRisk(checkIns: readonly CheckIn[], now = Date.now()): CheckIn | null {
  return (
    checkIns.find((checkIn) => checkIn.risk_flag && now - new Date(checkIn.created_at).getTime() <= RISK_WINDOW_MS) ?? null
  );
}

interface CheckInsSectionProps {
  planId: string;
  isCoach: boolean;
  memberName: string;
  timeZone?: string;
}

/** Recent check-ins. A coach sees notes only where the member shared them (the API hides the rest). */
export function CheckInsSection({ planId, isCoach, memberName, timeZone }: CheckInsSectionProps) {
  const checkIns = useCheckIns(planId);
  const items = checkIns.data?.pages.flatMap((page) => page.items) ?? [];
  const risk = isCoach ? recentRisk(items) : null;

  return (
    <section className="card" aria-labelledby="check-ins-heading">
      <h2 id="check-ins-heading">Check-ins</h2>
      {risk ? (
        <div className="support-note">
          <p>
            <strong>{memberName} may need support.</strong> Their check-in on {formatDateTime(risk.created_at, timeZone)}{" "}
            suggested they may not be safe. They were shown crisis lines. Reach out when you can.
          </p>
        </div>
      ) : null}
      {!isCoach ? (
        <p>
          <Link className="button" to={`/coaching/plans/${planId}/check-in`}>
            Check in now
          </Link>
        </p>
      ) : null}
      {checkIns.isPending ? <p>Loading check-ins…</p> : null}
      {checkIns.isError ? <QueryError error={checkIns.error} onRetry={() => void checkIns.refetch()} /> : null}
      {checkIns.data && items.length === 0 ? <p>No check-ins yet.</p> : null}
      {items.length ? (
        <ul className="check-in-list">
          {items.map((checkIn) => (
            <CheckInItem key={checkIn.id} checkIn={checkIn} isCoach={isCoach} timeZone={timeZone} />
          ))}
        </ul>
      ) : null}
      <LoadMore
        hasMore={Boolean(checkIns.hasNextPage)}
        loading={checkIns.isFetchingNextPage}
        onLoad={() => void checkIns.fetchNextPage()}
        label="Show earlier check-ins"
      />
    </section>
  );
}

function CheckInItem({ checkIn, isCoach, timeZone }: { checkIn: CheckIn; isCoach: boolean; timeZone?: string }) {
  const scores = scoreRows(checkIn);
  return (
    <li className="check-in">
      <p>
        <strong>{formatDateTime(checkIn.created_at, timeZone)}</strong>
        {checkIn.risk_flag ? <span className="flag flag--risk">May need support</span> : null}
      </p>
      <p>
        Mood {checkIn.mood} of 10 · Cravings {checkIn.craving} of 10
        {checkIn.feels_safe === true ? " · Feeling safe" : checkIn.feels_safe === false ? " · Not feeling safe" : ""}
      </p>
      {scores.length ? (
        <p className="changed-by">{scores.map((row) => `${row.name} ${row.total} (${row.band.toLowerCase()})`).join(" · ")}</p>
      ) : null}
      {checkIn.note ? (
        <p className="note__body">
          <span className="visually-hidden">Note: </span>“{checkIn.note}”
          {!isCoach ? <span className="changed-by"> ({checkIn.note_shared ? "shared with your coach" : "only you can see this"})</span> : null}
        </p>
      ) : null}
    </li>
  );
}
