import { Link } from "react-router";
import { formatDay, formatTime } from "../../lib/dates";
import { formatLabel } from "../../lib/filters";
import { myRsvp, type Session } from "./queries";

/** "Your place is confirmed" / "Waitlisted, position 2", or null when not booked. */
export function rsvpNote(session: Pick<Session, "my_rsvp">): string | null {
  const rsvp = myRsvp(session);
  if (!rsvp) return null;
  if (rsvp.status === "confirmed") return "You have a place";
  return rsvp.waitlist_position ? `Waitlisted, position ${rsvp.waitlist_position}` : "Waitlisted";
}

function placesNote(session: Session): string {
  if (session.status === "cancelled") return "Cancelled";
  if (session.spots_left <= 0) return "Full: waitlist open";
  return session.spots_left === 1 ? "1 place left" : `${session.spots_left} places left`;
}

/** One session in a list: when (in the viewer's zone), what, which group, places. */
export function SessionItem({
  session,
  timeZone,
  showGroup = true,
}: {
  session: Session;
  timeZone: string;
  showGroup?: boolean;
}) {
  const cancelled = session.status === "cancelled";
  const note = rsvpNote(session);
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
          {cancelled ? <span className="badge badge--muted">Cancelled</span> : null}
          {note && !cancelled ? <span className="badge">{note}</span> : null}
        </p>
        <p className="session-item__meta">
          {[showGroup ? session.group.name : null, formatLabel(session.group.format), cancelled ? null : placesNote(session)]
            .filter(Boolean)
            .join(" · ")}
          {session.content_warnings.length ? <span className="session-item__cw"> · Content notes</span> : null}
        </p>
      </div>
    </li>
  );
}
