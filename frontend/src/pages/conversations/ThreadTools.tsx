import { useId } from "react";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { describeError } from "../../lib/problems";
import { shortWait } from "./labels";
import { useUpdateThread, type Thread } from "./queries";

export const SLOW_MODE_CHOICES = [0, 30, 60, 300, 900, 3600];

export function slowModeLabel(seconds: number): string {
  return seconds ? `One post every ${shortWait(seconds)} per member` : "Off";
}

/** Facilitators: pin, lock and slow mode for one thread. */
export function ThreadTools({ thread }: { thread: Thread }) {
  const update = useUpdateThread(thread.id);
  const slowId = useId();
  const done = update.isSuccess
    ? update.variables.is_pinned !== undefined
      ? update.variables.is_pinned ? "Pinned to the top of the conversation." : "Unpinned."
      : update.variables.locked !== undefined
        ? update.variables.locked ? "Locked: no more replies, except from facilitators." : "Unlocked."
        : "Slow mode saved."
    : null;
  return (
    <section className="card thread-tools" aria-labelledby="thread-tools-heading">
      <h2 id="thread-tools-heading">Facilitator tools</h2>
      <p className="actions">
        <button type="button" className="button button--quiet button--small" disabled={update.isPending} onClick={() => update.mutate({ is_pinned: !thread.is_pinned })}>
          {thread.is_pinned ? "Unpin thread" : "Pin thread"}
        </button>
        <button type="button" className="button button--quiet button--small" disabled={update.isPending} onClick={() => update.mutate({ locked: !thread.locked })}>
          {thread.locked ? "Unlock thread" : "Lock thread"}
        </button>
      </p>
      <div className="field">
        <label className="field__label" htmlFor={slowId}>
          Slow mode in this thread
        </label>
        <select
          id={slowId}
          value={thread.slow_mode_seconds}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ slow_mode_seconds: Number(event.target.value) })}
        >
          {[...new Set([...SLOW_MODE_CHOICES, thread.slow_mode_seconds])].sort((a, b) => a - b).map((seconds) => (
            <option key={seconds} value={seconds}>
              {slowModeLabel(seconds)}
            </option>
          ))}
        </select>
      </div>
      <StatusMessage message={done} />
      <FormAlert message={update.isError ? describeError(update.error) : null} />
    </section>
  );
}
