import { useState } from "react";
import { Link } from "react-router";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert } from "../../components/FormAlert";
import { formatDateTime } from "../../lib/dates";
import { describeError } from "../../lib/problems";
import { useViewerTimeZone } from "../account/queries";
import { HelpLink } from "../crisis/HelpLink";
import { ReportButton } from "../safety/ReportButton";
import { ContentFold, PostText } from "./ContentFold";
import { EditPost } from "./EditPost";
import { FacilitatorNote } from "./FacilitatorNote";
import { ANONYMOUS_LABEL } from "./labels";
import { PostModeration } from "./PostModeration";
import { useDeletePost, type Post } from "./queries";
import { Reactions } from "./Reactions";

export interface PostContext {
  threadId: string;
  groupId: string;
  /** The viewer moderates this group (facilitator or admin). */
  moderator: boolean;
  /** The viewer may react, reply and report (an active member, not an archived group). */
  participant: boolean;
}

export function authorName(post: Pick<Post, "is_mine" | "anonymous_to_peers" | "author" | "author_label">): string {
  if (post.is_mine) return post.anonymous_to_peers ? `You (shown to others as “${ANONYMOUS_LABEL}”)` : "You";
  if (post.author) return post.anonymous_to_peers ? `${post.author.display_name} (anonymous to peers)` : post.author.display_name;
  return post.author_label ?? ANONYMOUS_LABEL;
}

/** The API says until when I may edit my post (`editable_until`); after it, it answers 409. */
export function canEdit(post: Pick<Post, "editable_until">, now = Date.now()): boolean {
  return post.editable_until != null && now < Date.parse(post.editable_until);
}

/** A status line for posts not everyone sees: held, declined, hidden (with the reason), deleted. */
function StatusLine({ post }: { post: Post }) {
  if (post.status === "held") return <p className="post__status">Waiting for a facilitator to approve it. Only you and the facilitators can see it.</p>;
  if (post.status === "declined") return <p className="post__status">A facilitator did not approve this post. Only you can see it.</p>;
  if (post.status === "hidden") {
    return (
      <p className="post__status post__status--hidden">
        {post.hidden_reason ? <>Hidden by a facilitator: {post.hidden_reason}</> : "Hidden by a facilitator."}
        {post.is_mine ? (
          <>
            {" "}
            <Link to="/account/notices">See why, or appeal</Link>
          </>
        ) : null}
      </p>
    );
  }
  return null;
}

/** One post (an opening post or a reply): who, when, the body behind its notes, reactions, tools. */
export function PostItem({ post, context }: { post: Post; context: PostContext }) {
  const timeZone = useViewerTimeZone();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeletePost(context.threadId);
  const deleted = post.status === "deleted";

  return (
    <article className={`post post--${post.status}`} aria-label={`Post by ${authorName(post)}`}>
      <header className="post__meta">
        <span className="post__author">{authorName(post)}</span>{" "}
        <time dateTime={post.created_at}>{formatDateTime(post.created_at, timeZone)}</time>
        {post.edited_at ? <span className="post__edited"> · edited</span> : null}
      </header>
      <StatusLine post={post} />
      {post.placeholder && post.status !== "hidden" ? <p className="muted">{post.placeholder}</p> : null}
      {post.body !== null && !deleted ? (
        editing ? (
          <EditPost post={post} threadId={context.threadId} onDone={() => setEditing(false)} />
        ) : (
          <ContentFold notes={post.content_notes} byPreference={post.folded_by_preference}>
            <PostText text={post.body} />
          </ContentFold>
        )
      ) : null}
      {post.shows_risk_signs && !deleted ? (
        <p className="support-note">
          <HelpLink>Support is available</HelpLink>, any time, if this touches something hard for you.
        </p>
      ) : null}
      <FacilitatorNote post={post} />
      {post.status === "published" ? <Reactions post={post} threadId={context.threadId} canReact={context.participant} /> : null}
      <div className="post__actions">
        {canEdit(post) && !editing ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
        {post.is_mine && !deleted ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        ) : null}
        {!post.is_mine && context.participant && post.status === "published" ? (
          <ReportButton label="Report" className="button button--quiet button--small" groupId={context.groupId} postId={post.id} />
        ) : null}
      </div>
      {context.moderator && !deleted ? <PostModeration post={post} threadId={context.threadId} /> : null}
      <FormAlert message={remove.isError ? describeError(remove.error) : null} />
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this post?"
        confirmLabel="Delete post"
        danger
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate(post.id, { onSettled: () => setConfirmDelete(false) })}
      >
        <p>Its words will be removed for everyone. Replies to it stay.</p>
      </ConfirmDialog>
    </article>
  );
}
