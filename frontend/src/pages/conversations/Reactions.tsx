import { FormAlert } from "../../components/FormAlert";
import { describeError } from "../../lib/problems";
import { REACTION_LABELS, REACTIONS } from "./labels";
import { useReaction, type Post } from "./queries";

/**
 * Supportive reactions: a toggle each, with how many people chose it (never who). There is no
 * way to disagree or down-vote.
 */
export function Reactions({ post, threadId, canReact }: { post: Post; threadId: string; canReact: boolean }) {
  const react = useReaction(threadId);
  const byKind = new Map(post.reactions.map((reaction) => [reaction.kind, reaction]));
  if (!canReact && post.reactions.every((reaction) => reaction.count === 0)) return null;
  return (
    <div className="reactions">
      <ul className="reactions__list" aria-label="Reactions">
        {REACTIONS.map((kind) => {
          const info = REACTION_LABELS[kind]!;
          const reaction = byKind.get(kind);
          const count = reaction?.count ?? 0;
          const mine = reaction?.mine ?? false;
          if (!canReact && count === 0) return null;
          return (
            <li key={kind}>
              <button
                type="button"
                className={mine ? "reaction reaction--mine" : "reaction"}
                aria-pressed={mine}
                disabled={!canReact || react.isPending}
                onClick={() => react.mutate({ postId: post.id, kind, on: !mine })}
              >
                <span aria-hidden="true">{info.symbol}</span> {info.label}
                {count ? <span className="reaction__count"> {count}</span> : null}
                <span className="visually-hidden">{count === 1 ? " person" : " people"}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <FormAlert message={react.isError ? describeError(react.error) : null} />
    </div>
  );
}
