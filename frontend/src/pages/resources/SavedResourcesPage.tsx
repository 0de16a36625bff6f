import { Link } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { ResourceCard } from "./components/ResourceCard";
import { ResourcesNav } from "./components/ResourcesNav";
import { useBookmarks } from "./queries";
import "./resources.css";

/** The member's saved resources (/resources/saved), most recently saved first. */
export function SavedResourcesPage() {
  usePageTitle("Saved resources");
  const bookmarks = useBookmarks();
  const items = bookmarks.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page">
      <h1>Saved resources</h1>
      <ResourcesNav />
      <p className="lead">Only you can see what you've saved.</p>
      {bookmarks.isPending ? <p>Loading your saved resources…</p> : null}
      {bookmarks.isError ? <QueryError error={bookmarks.error} onRetry={() => void bookmarks.refetch()} /> : null}
      {bookmarks.isSuccess && items.length === 0 ? (
        <div className="card">
          <p>
            <strong>Nothing saved yet.</strong>
          </p>
          <p>
            When you find something useful, choose “Save for later” on its page and it will wait for you here.{" "}
            <Link to="/resources">Find support services</Link>
          </p>
        </div>
      ) : null}
      <ul className="resource-list">
        {items.map((resource) => (
          <ResourceCard key={resource.id} resource={resource} />
        ))}
      </ul>
      <LoadMore
        hasMore={bookmarks.hasNextPage}
        loading={bookmarks.isFetchingNextPage}
        onLoad={() => void bookmarks.fetchNextPage()}
        label="Load more saved resources"
      />
    </article>
  );
}
