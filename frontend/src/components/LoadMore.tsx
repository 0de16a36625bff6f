/** "Show more" for cursor-paged lists (the API's next_cursor). */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  label = "Show more",
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  label?: string;
}) {
  if (!hasMore) return null;
  return (
    <p className="load-more">
      <button type="button" className="button button--quiet" disabled={loading} onClick={onLoad}>
        {loading ? "Loading…" : label}
      </button>
    </p>
  );
}
