import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import { countPhrase, LiveAnnouncer } from "../../components/LiveAnnouncer";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { groupChannel, useLiveEvents } from "../../lib/liveEvents";
import { ApiError } from "../../lib/problems";
import { isActiveMember, useGroup } from "../groups/queries";
import { Composer, type ComposerValues } from "./Composer";
import { GroupTabs } from "./GroupTabs";
import { PostItem, type PostContext } from "./PostItem";
import { invalidateThread, refetchForGroupEvent, useConversationSettings, useCreateReply, usePosts, useThread, type Thread } from "./queries";
import { ThreadTools } from "./ThreadTools";
import "../../styles/conversations.css";

/** /threads/:threadId — finds the thread's group and goes to its address there. */
export function ThreadRedirect() {
  const { threadId = "" } = useParams();
  const thread = useThread(threadId);
  if (thread.data) return <Navigate to={`/groups/${thread.data.group_id}/threads/${threadId}`} replace />;
  return (
    <article className="page page--medium">
      <h1>Thread</h1>
      {thread.isError ? <QueryError error={thread.error} /> : <p>Loading…</p>}
    </article>
  );
}

/** /groups/:groupId/threads/:threadId — the opening post, its replies, and a reply box. */
export function ThreadPage() {
  const { groupId = "", threadId = "" } = useParams();
  const thread = useThread(threadId);
  const group = useGroup(groupId).data?.group;
  usePageTitle(thread.data?.title ?? "Thread");

  if (thread.isError) {
    const missing = thread.error instanceof ApiError && thread.error.status === 404;
    return (
      <article className="page page--medium">
        <h1>{missing ? "We couldn't find that thread" : "Thread"}</h1>
        {missing ? (
          <p className="lead">
            It may have been removed. <Link to={`/groups/${groupId}/conversation`}>Back to the conversation</Link>
          </p>
        ) : (
          <QueryError error={thread.error} onRetry={() => void thread.refetch()} />
        )}
      </article>
    );
  }
  return (
    <article className="page page--medium thread-page">
      <p className="breadcrumb">
        <Link to={`/groups/${groupId}/conversation`}>{group ? `${group.name}: conversation` : "Back to the conversation"}</Link>
      </p>
      <h1>{thread.data?.title ?? "Thread"}</h1>
      <GroupTabs groupId={groupId} />
      {thread.data ? <ThreadBody thread={thread.data} participant={isActiveMember(group) && !group?.archived_at} /> : <p>Loading…</p>}
    </article>
  );
}

function ThreadBody({ thread, participant }: { thread: Thread; participant: boolean }) {
  const queryClient = useQueryClient();
  const posts = usePosts(thread.id);
  const moderator = useConversationSettings(thread.group_id).data?.can_manage ?? false;
  const reply = useCreateReply(thread.id);
  const [announcement, setAnnouncement] = useState("");
  const freshReplies = useRef(0);
  const replies = (posts.data?.pages.flatMap((page) => page.items) ?? []).filter((post) => !post.is_opening);
  const context: PostContext = { threadId: thread.id, groupId: thread.group_id, moderator, participant };

  useLiveEvents(
    [groupChannel(thread.group_id)],
    (event) => {
      const news = refetchForGroupEvent(queryClient, thread.group_id, event);
      if (news === "post" && event.data.thread_id === thread.id) {
        freshReplies.current += 1;
        setAnnouncement(countPhrase(freshReplies.current, "new reply", "new replies"));
      }
    },
    () => void invalidateThread(queryClient, thread.id),
  );

  async function sendReply(values: ComposerValues) {
    const { title: _title, ...body } = values;
    const post = await reply.mutateAsync(body);
    freshReplies.current = 0;
    return { held: post.status === "held", crisis_resources: post.crisis_resources };
  }

  return (
    <>
      <LiveAnnouncer message={announcement} />
      {thread.is_pinned || thread.locked ? (
        <p className="thread-page__flags">
          {thread.is_pinned ? <span className="badge">Pinned</span> : null}{" "}
          {thread.locked ? <span className="badge badge--muted">Locked: no new replies</span> : null}
        </p>
      ) : null}
      <PostItem post={thread.opening_post} context={context} />
      {moderator ? <ThreadTools thread={thread} /> : null}
      <section aria-labelledby="replies-heading" className="replies">
        <h2 id="replies-heading">{thread.reply_count === 1 ? "1 reply" : `${thread.reply_count} replies`}</h2>
        {posts.isPending ? <p>Loading replies…</p> : null}
        {posts.isError ? <QueryError error={posts.error} onRetry={() => void posts.refetch()} /> : null}
        <ol className="post-list">
          {replies.map((post) => (
            <li key={post.id}>
              <PostItem post={post} context={context} />
            </li>
          ))}
        </ol>
        <LoadMore hasMore={posts.hasNextPage} loading={posts.isFetchingNextPage} onLoad={() => void posts.fetchNextPage()} label="Load more replies" />
      </section>
      {participant && (!thread.locked || moderator) ? (
        <section className="card" aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply</h2>
          <Composer withTitle={false} legend="Reply to this thread" hideLegend submitLabel="Post reply" busy={reply.isPending} send={sendReply} />
        </section>
      ) : thread.locked ? (
        <p className="alert alert--info">A facilitator has locked this thread, so it takes no new replies.</p>
      ) : null}
    </>
  );
}
