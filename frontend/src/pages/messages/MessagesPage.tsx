import { HelpLink } from "../crisis/HelpLink";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { countPhrase, LiveAnnouncer } from "../../components/LiveAnnouncer";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { relationshipChannel, useLiveEvents } from "../../lib/liveEvents";
import { ApiError } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import { coachOf, useRelationships } from "../coaching/queries";
import { MessageComposer } from "./MessageComposer";
import { MessageItem } from "./MessageItem";
import { chronological, messageKeys, useMarkRead, useMessages } from "./queries";
import "../../styles/conversations.css";

const CLOSED_NOTICES: Record<string, string> = {
  ended: "This coaching has ended. You can still read your messages here, but no new ones can be sent.",
  pending: "Messages open once the coaching has started.",
  declined: "This coaching did not go ahead, so there are no messages to send.",
};

const COACH_LEFT_NOTICE = "Your former coach closed their account, so their messages were removed.";

/** /coaching/relationships/:relationshipId/messages — a member and their coach, privately. */
export function MessagesPage() {
  const { relationshipId = "" } = useParams();
  const queryClient = useQueryClient();
  const me = useMyProfile().data?.profile;
  const relationship = (useRelationships(false).data?.items ?? []).find((item) => item.id === relationshipId);
  const coach = relationship ? coachOf(relationship) : null;
  const iCoach = coach !== null && coach.id === me?.id;
  const other = relationship ? (iCoach ? relationship.member : coach) : null;
  // The coach closed their account: the member keeps the history, read-only.
  const coachLeft = relationship !== undefined && coach === null;
  const otherName = other?.display_name ?? (coachLeft ? "your former coach (account closed)" : null);
  usePageTitle(otherName ? `Messages with ${otherName}` : "Messages");

  const messages = useMessages(relationshipId);
  const items = chronological(messages.data?.pages);
  const firstPage = messages.data?.pages[0];
  const { mutate: markRead } = useMarkRead(relationshipId);
  const [announcement, setAnnouncement] = useState("");

  useLiveEvents([relationshipChannel(relationshipId)], (event) => {
    if (event.channel !== relationshipChannel(relationshipId)) return;
    void queryClient.invalidateQueries({ queryKey: messageKeys.list(relationshipId) });
  }, () => void queryClient.invalidateQueries({ queryKey: messageKeys.list(relationshipId) }));

  // Announce messages from the other person that arrived while the page was open.
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!firstPage) return;
    const ids = firstPage.items.map((message) => message.id);
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const fresh = firstPage.items.filter((message) => !seen.current!.has(message.id) && !message.is_mine);
    ids.forEach((id) => seen.current!.add(id));
    if (fresh.length) setAnnouncement(`${countPhrase(fresh.length, "new message", "new messages")} from ${other?.display_name ?? "your coach"}`);
  }, [firstPage, other?.display_name]);

  // What I can see of theirs is read: tell them (once per newest message).
  const newestTheirs = firstPage?.items.find((message) => !message.is_mine && message.read_at === null);
  const markedUpTo = useRef<string | null>(null);
  useEffect(() => {
    if (!newestTheirs || markedUpTo.current === newestTheirs.id) return;
    markedUpTo.current = newestTheirs.id;
    markRead(newestTheirs.id);
  }, [newestTheirs, markRead]);

  if (messages.isError) {
    const missing = messages.error instanceof ApiError && messages.error.status === 404;
    return (
      <article className="page page--medium">
        <h1>Messages</h1>
        {missing ? (
          <p className="lead">
            These messages are not available. <Link to="/coaching">Back to coaching</Link>.
          </p>
        ) : (
          <QueryError error={messages.error} onRetry={() => void messages.refetch()} />
        )}
      </article>
    );
  }

  const closed = firstPage?.closed_reason ?? null;
  return (
    <article className="page page--medium messages-page">
      <p className="breadcrumb">
        <Link to={iCoach ? "/coaching/coach" : "/coaching"}>{iCoach ? "Coaching dashboard" : "My plan"}</Link>
      </p>
      <h1>{otherName ? `Messages with ${otherName}` : "Messages"}</h1>
      <p className="muted">
        Private to the two of you. If you are worried about your safety right now, <HelpLink>help is here</HelpLink>.
      </p>
      <LiveAnnouncer message={announcement} />
      {closed ? (
        <p className="alert alert--info" role="status">
          {coachLeft ? `${COACH_LEFT_NOTICE} ` : ""}
          {CLOSED_NOTICES[closed] ?? CLOSED_NOTICES.ended}
        </p>
      ) : null}
      {messages.isPending ? <p>Loading messages…</p> : null}
      <LoadMore
        hasMore={messages.hasNextPage}
        loading={messages.isFetchingNextPage}
        onLoad={() => void messages.fetchNextPage()}
        label="Show older messages"
      />
      {messages.isSuccess && items.length === 0 ? (
        <p className="card">{closed ? "There were no messages." : "No messages yet. Say hello when you're ready."}</p>
      ) : null}
      <ol className="messages" aria-label="Messages">
        {items.map((message) => (
          <MessageItem key={message.id} message={message} />
        ))}
      </ol>
      {firstPage?.can_write ? (
        <MessageComposer relationshipId={relationshipId} canShareResource={iCoach} recipient={other?.display_name ?? null} />
      ) : null}
    </article>
  );
}
