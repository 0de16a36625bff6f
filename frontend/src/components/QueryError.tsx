import { describeError } from "../lib/problems";

/** A failed load, said calmly, with a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="alert alert--error">
      <p>{describeError(error)}</p>
      {onRetry ? (
        <button type="button" className="button button--quiet button--small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
