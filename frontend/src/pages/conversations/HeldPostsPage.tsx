import { Link, useParams } from "react-router";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/dates";
import { describeError } from "../../lib/problems";
import { useViewerTimeZone } from "../account/queries";
import { useGroup } from "../groups/queries";
import { ContentFold, PostText } from "./ContentFold";
import { ConversationSettingsForm } from "./ConversationSettingsForm";
import { GroupTabs } from "./GroupTabs";
import { ANONYMOUS_LABEL } from "./labels";
import { useDecideHeldPost, useHeldPosts, type HeldPost } from "./queries";

function authorOf(post: HeldPost): string {
  return post.author && "display_name" in post.author ? post.author.display_name : ANONYMOUS_LABEL;
}
import "../../styles/conversations.css";

/** /groups/:groupId/held-posts — facilitators: first posts waiting for approval, and the pace rules. */
export function HeldPostsPage() {
  const { groupId = "" } = useParams();
  const group = useGroup(groupId).data?.group;
  usePageTitle("Approvals");
  const held = useHeldPosts(groupId);
  const decide = useDecideHeldPost(groupId);
  const timeZone = useViewerTimeZone();
  const items = held.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--medium">
      <p className="breadcrumb">
        <Link to={`/groups/${groupId}/conversation`}>{group ? `${group.name}: conversation` : "Back to the conversation"}</Link>
      </p>
      <h1>Approvals</h1>
      <GroupTabs groupId={groupId} />
      <section aria-labelledby="held-heading">
        <h2 id="held-heading">Posts waiting for approval</h2>
        <StatusMessage message={decide.isSuccess ? (decide.variables.approve ? "Approved: the post is published." : "Declined: the author was told, kindly.") : null} />
        <FormAlert message={decide.isError ? describeError(decide.error) : null} />
        {held.isPending ? <p>Loading…</p> : null}
        {held.isError ? <QueryError error={held.error} onRetry={() => void held.refetch()} /> : null}
        {held.isSuccess && items.length === 0 ? <p className="card">Nothing is waiting.</p> : null}
        <ul className="held-list">
          {items.map((post) => (
            <li key={post.id} className="card held-post">
              <p className="post__meta">
                <strong>{authorOf(post)}</strong>
                {post.anonymous_to_peers ? " (anonymous to peers)" : ""} ·{" "}
                {post.is_opening ? `new thread “${post.thread_title}”` : `reply in “${post.thread_title}”`} ·{" "}
                {formatDateTime(post.created_at, timeZone)}
              </p>
              {post.body ? (
                <ContentFold notes={post.content_notes}>
                  <PostText text={post.body} />
                </ContentFold>
              ) : null}
              <p className="actions">
                <button type="button" className="button button--small" disabled={decide.isPending} onClick={() => decide.mutate({ postId: post.id, approve: true })}>
                  Approve<span className="visually-hidden"> the post by {authorOf(post)}</span>
                </button>
                <button type="button" className="button button--quiet button--small" disabled={decide.isPending} onClick={() => decide.mutate({ postId: post.id, approve: false })}>
                  Decline<span className="visually-hidden"> the post by {authorOf(post)}</span>
                </button>
              </p>
            </li>
          ))}
        </ul>
        <LoadMore hasMore={held.hasNextPage} loading={held.isFetchingNextPage} onLoad={() => void held.fetchNextPage()} />
      </section>
      <ConversationSettingsForm groupId={groupId} />
    </article>
  );
}
