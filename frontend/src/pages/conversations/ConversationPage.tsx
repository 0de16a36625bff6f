import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { countPhrase, LiveAnnouncer } from "../../components/LiveAnnouncer";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { groupChannel, useLiveEvents } from "../../lib/liveEvents";
import { ApiError } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import { GuidelinesText } from "../groups/GuidelinesText";
import { isActiveMember, needsToAcceptGuidelines, useGroup, type GroupDetail } from "../groups/queries";
import { Composer, type ComposerValues } from "./Composer";
import { ContentPreferencesCard } from "./ContentPreferencesCard";
import { GroupTabs } from "./GroupTabs";
import { conversationKeys, refetchForGroupEvent, useConversationSettings, useCreateThread, useThreads } from "./queries";
import { ThreadList } from "./ThreadList";
import "../../styles/conversations.css";

/** /groups/:groupId/conversation — the group's threads, with its guidelines pinned on top. */
export function ConversationPage() {
  const { groupId = "" } = useParams();
  const result = useGroup(groupId);
  const group = result.data?.group;
  const isAdmin = useMyProfile().data?.profile.role === "admin";
  usePageTitle(group ? `${group.name}: conversation` : "Conversation");

  if (result.isPending) return <article className="page"><h1>Conversation</h1><p>Loading…</p></article>;
  if (!group) {
    const missing = result.error instanceof ApiError && result.error.status === 404;
    return (
      <article className="page page--narrow">
        <h1>{missing ? "We couldn't find that group" : "Conversation"}</h1>
        {missing ? <p className="lead"><Link to="/groups">Find a group</Link></p> : <QueryError error={result.error} onRetry={() => void result.refetch()} />}
      </article>
    );
  }
  const canRead = isActiveMember(group) || isAdmin;
  return (
    <article className="page page--medium conversation-page">
      <p className="breadcrumb">
        <Link to="/groups">All groups</Link>
      </p>
      <h1>{group.name}</h1>
      <GroupTabs groupId={group.id} />
      {canRead ? (
        <Conversation group={group} />
      ) : (
        <section className="card">
          <h2>For members of this group</h2>
          <p>The conversation is open to the group's members. <Link to={`/groups/${group.id}`}>Read about the group and how to join</Link>.</p>
        </section>
      )}
    </article>
  );
}

function Conversation({ group }: { group: GroupDetail }) {
  const queryClient = useQueryClient();
  const threads = useThreads(group.id);
  const settings = useConversationSettings(group.id);
  const create = useCreateThread(group.id);
  const [announcement, setAnnouncement] = useState("");
  const [composing, setComposing] = useState(false);
  const items = threads.data?.pages.flatMap((page) => page.items) ?? [];
  const pinned = threads.data?.pages[0]?.guidelines;
  const guidelines = pinned && "version" in pinned ? pinned : null;
  const moderator = settings.data?.can_manage ?? false;
  const member = isActiveMember(group);
  const writable = member && !group.archived_at;

  const freshThreads = useRef(0);
  useLiveEvents(
    [groupChannel(group.id)],
    (event) => {
      if (refetchForGroupEvent(queryClient, group.id, event) === "thread") {
        freshThreads.current += 1;
        setAnnouncement(`${countPhrase(freshThreads.current, "new thread", "new threads")} in the conversation`);
      }
    },
    () => void queryClient.invalidateQueries({ queryKey: conversationKeys.group(group.id) }),
  );

  async function startThread(values: ComposerValues) {
    // The composer stays open: it shows "waiting for a facilitator" or crisis lines in place.
    const thread = await create.mutateAsync(values);
    return { held: thread.opening_post.status === "held", crisis_resources: thread.crisis_resources };
  }

  return (
    <>
      <LiveAnnouncer message={announcement} />
      {group.archived_at ? <p className="alert alert--info">This group has closed: its conversation can be read, not added to.</p> : null}
      {guidelines ? (
        <section className="card pinned-guidelines" aria-labelledby="pinned-guidelines-heading">
          <h2 id="pinned-guidelines-heading">
            Group guidelines <span className="badge">Pinned</span>
          </h2>
          <details open={threads.isSuccess && items.length === 0}>
            <summary>Read the guidelines (version {guidelines.version})</summary>
            <GuidelinesText text={guidelines.text} />
          </details>
        </section>
      ) : null}
      {moderator ? (
        <p className="actions">
          <Link to={`/groups/${group.id}/held-posts`} className="button button--quiet button--small">
            Approvals and conversation settings
          </Link>
        </p>
      ) : null}
      {writable && needsToAcceptGuidelines(group) ? (
        <p className="alert alert--info">
          The guidelines have changed. <Link to={`/groups/${group.id}`}>Accept the new version</Link> to post again.
        </p>
      ) : null}
      {writable ? (
        <section className="card" aria-labelledby="new-thread-heading">
          <h2 id="new-thread-heading">Start a thread</h2>
          {composing ? (
            <Composer withTitle legend="Your new thread" submitLabel="Post thread" busy={create.isPending} send={startThread} />
          ) : (
            <button type="button" className="button" onClick={() => setComposing(true)}>
              Start a thread
            </button>
          )}
        </section>
      ) : null}
      <section aria-labelledby="threads-heading">
        <h2 id="threads-heading">Threads</h2>
        {threads.isPending ? <p>Loading threads…</p> : null}
        {threads.isError ? <QueryError error={threads.error} onRetry={() => void threads.refetch()} /> : null}
        {threads.isSuccess && items.length === 0 ? <p className="card">No threads yet. You could say hello.</p> : null}
        <ThreadList threads={items} groupId={group.id} />
        <LoadMore hasMore={threads.hasNextPage} loading={threads.isFetchingNextPage} onLoad={() => void threads.fetchNextPage()} label="Load more" />
      </section>
      {member ? <ContentPreferencesCard /> : null}
    </>
  );
}
