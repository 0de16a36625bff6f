import { HelpLink } from "../crisis/HelpLink";
import { formatDateTime } from "../../lib/dates";
import { useViewerTimeZone } from "../account/queries";
import { PostText } from "../conversations/ContentFold";
import type { CoachMessage } from "./queries";

/** One message: mine on the right, theirs on the left, with a read mark on mine. */
export function MessageItem({ message }: { message: CoachMessage }) {
  const timeZone = useViewerTimeZone();
  const who = message.is_mine ? "You" : (message.author?.display_name ?? (message.author_role === "coach" ? "Your coach" : "Member"));
  return (
    <li className={message.is_mine ? "message message--mine" : "message"}>
      <p className="message__meta">
        <span className="message__author">{who}</span>{" "}
        <time dateTime={message.created_at}>{formatDateTime(message.created_at, timeZone)}</time>
      </p>
      {message.author_left ? (
        <p className="muted">Removed when its author left Peerway.</p>
      ) : message.body ? (
        <PostText text={message.body} />
      ) : null}
      {message.resource ? (
        <div className="resource-card">
          <p className="resource-card__name">
            <a href={`/resources/${message.resource.id}`}>{message.resource.name}</a>
            {message.resource.verified ? <span className="badge badge--muted">Verified</span> : null}
          </p>
          {message.resource.phone ? <p>Phone: {message.resource.phone}</p> : null}
        </div>
      ) : null}
      {message.shows_risk_signs ? (
        <p className="support-note">
          <HelpLink>Support is available</HelpLink> any time, day or night.
        </p>
      ) : null}
      {message.is_mine ? <p className="message__read muted">{message.read_at ? "Read" : "Sent"}</p> : null}
    </li>
  );
}
