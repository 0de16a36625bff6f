import { HelpLink } from "../crisis/HelpLink";
import { formatDateTime } from "../../lib/dates";
import { useViewerTimeZone } from "../account/queries";
import { FORMER_COACH } from "../coaching/queries";
import { PostText } from "../conversations/ContentFold";
import { ReportButton } from "../safety/ReportButton";
import type { CoachMessage } from "./queries";

/** Who wrote it, as the reader sees it (a coach who closed their account is named as such). */
export function authorLabel(message: Pick<CoachMessage, "is_mine" | "author" | "author_role" | "author_left">): string {
  if (message.is_mine) return "You";
  if (message.author && "display_name" in message.author) return message.author.display_name;
  if (message.author_role === "coach") return message.author_left ? FORMER_COACH : "Your coach";
  return "Member";
}

/** The other party's words can be reported to the safety team, as a post can; mine and removed ones cannot. */
export function canReport(message: Pick<CoachMessage, "is_mine" | "author_left">): boolean {
  return !message.is_mine && !message.author_left;
}

/** One message: mine on the right, theirs on the left, with a read mark on mine. */
export function MessageItem({ message }: { message: CoachMessage }) {
  const timeZone = useViewerTimeZone();
  const who = authorLabel(message);
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
      {canReport(message) ? (
        <p className="message__actions">
          <ReportButton label="Report" className="button button--quiet button--small" messageId={message.id} />
        </p>
      ) : null}
    </li>
  );
}
