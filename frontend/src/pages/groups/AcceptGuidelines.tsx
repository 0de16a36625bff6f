import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { FormAlert } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { ApiError, describeError, unwrap } from "../../lib/problems";
import { GuidelinesText } from "./GuidelinesText";
import { groupKeys, invalidateMembership, useGuidelines } from "./queries";

/**
 * The group's guidelines changed since the member last accepted them: read the new version
 * and accept it again (PATCH /groups/{id}/memberships/me) before the next booking.
 */
export function AcceptGuidelines({
  groupId,
  groupName,
  onAccepted,
}: {
  groupId: string;
  groupName: string;
  onAccepted?: () => void;
}) {
  const queryClient = useQueryClient();
  const guidelines = useGuidelines(groupId);
  const [agreed, setAgreed] = useState(false);
  const headingId = useId();
  const checkId = useId();

  const accept = useMutation({
    mutationFn: async (version: number) =>
      unwrap(
        api.PATCH("/api/v1/groups/{group_id}/memberships/me", {
          params: { path: { group_id: groupId } },
          body: { accepted_guidelines_version: version },
        }),
      ),
    onSuccess: async () => {
      await invalidateMembership(queryClient);
      onAccepted?.();
    },
    onError: (error) => {
      // Published again while this was open: show the newest text.
      if (error instanceof ApiError && error.status === 409) {
        setAgreed(false);
        void queryClient.invalidateQueries({ queryKey: groupKeys.guidelines(groupId) });
      }
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (guidelines.data && agreed) accept.mutate(guidelines.data.version);
  }

  const stale = accept.error instanceof ApiError && accept.error.status === 409;

  return (
    <section className="card card--notice" aria-labelledby={headingId}>
      <h2 id={headingId}>{groupName} has updated its guidelines</h2>
      <p>
        Before your next booking, please read the new version and accept it. It helps everyone
        know what to expect.
      </p>
      {guidelines.isPending ? <p>Loading the guidelines…</p> : null}
      {guidelines.isError ? <QueryError error={guidelines.error} onRetry={() => void guidelines.refetch()} /> : null}
      {guidelines.data ? (
        <form onSubmit={submit} className="form">
          <h3>Guidelines, version {guidelines.data.version}</h3>
          <GuidelinesText text={guidelines.data.text} />
          <FormAlert
            message={
              stale
                ? "The guidelines were updated again a moment ago. Please read the latest version above."
                : accept.error
                  ? describeError(accept.error)
                  : null
            }
          />
          <div className="check check--boxed">
            <input id={checkId} type="checkbox" checked={agreed} onChange={(event) => setAgreed(event.target.checked)} />
            <label htmlFor={checkId}>I have read and accept the guidelines (version {guidelines.data.version})</label>
          </div>
          <div className="form__actions">
            <button type="submit" className="button" disabled={!agreed || accept.isPending}>
              {accept.isPending ? "Saving…" : "Accept the new guidelines"}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
