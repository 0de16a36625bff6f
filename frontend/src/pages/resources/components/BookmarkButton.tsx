import { Link } from "react-router";
import { FormAlert } from "../../../components/FormAlert";
import { describeError } from "../../../lib/problems";
import type { Resource } from "../labels";
import { useBookmarkToggle } from "../queries";

/** Save an entry for later, or take it off the saved list. */
export function BookmarkButton({ resource }: { resource: Resource }) {
  const toggle = useBookmarkToggle(resource);
  const saved = resource.is_bookmarked;
  return (
    <div>
      <button
        type="button"
        className={saved ? "button button--quiet" : "button"}
        disabled={toggle.isPending}
        onClick={() => toggle.mutate(!saved)}
      >
        {saved ? "Remove from saved" : "Save for later"}
      </button>
      <div role="status" className={toggle.isSuccess ? "alert alert--success" : "alert alert--empty"}>
        {toggle.isSuccess ? (
          saved ? (
            <p>
              Saved. <Link to="/resources/saved">See your saved resources</Link>
            </p>
          ) : (
            <p>Removed from your saved resources.</p>
          )
        ) : null}
      </div>
      {toggle.isError ? <FormAlert message={describeError(toggle.error)} /> : null}
    </div>
  );
}
