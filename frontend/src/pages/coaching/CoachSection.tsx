import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { describeError, unwrap } from "../../lib/problems";
import {
  coachName,
  coachOf,
  FORMER_COACH,
  invalidateRelationships,
  useCoaches,
  useRelationships,
  type PublicProfile,
  type Relationship,
} from "./queries";

type Action = "accept" | "decline" | "end";

const WHAT_A_COACH_SEES =
  "A coach can see and help edit your plan, goals and steps, and see your check-in numbers and questionnaire scores. Notes you write in a check-in stay private unless you choose to share them.";

export function useRelationshipAction(onDone: (relationship: Relationship, action: Action) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ relationship, action }: { relationship: Relationship; action: Action }) =>
      (
        await unwrap(
          api.PATCH("/api/v1/coaching-relationships/{relationship_id}", {
            params: { path: { relationship_id: relationship.id } },
            body: { action },
          }),
        )
      ).data,
    onSuccess: async (relationship, { action }) => {
      await invalidateRelationships(queryClient);
      onDone(relationship, action);
    },
  });
}

/** To the private messages with the other person, with how many are unread. */
export function MessagesLink({ relationship, name, urgent = false }: { relationship: Relationship; name: string; urgent?: boolean }) {
  const unread = relationship.unread_messages;
  return (
    <Link
      to={`/coaching/relationships/${relationship.id}/messages`}
      className={urgent ? "button button--small" : "button button--quiet button--small"}
    >
      {urgent ? `Message ${name} now` : `Messages with ${name}`}
      {unread ? ` (${unread} unread)` : ""}
    </Link>
  );
}

function Person({ person }: { person: PublicProfile }) {
  return (
    <>
      <span className="person__name">{person.display_name}</span>
      {person.pronouns ? <span className="person__pronouns"> ({person.pronouns})</span> : null}
    </>
  );
}

/** The relationship's coach, or a plain phrase once they closed their account. */
function CoachPerson({ relationship }: { relationship: Relationship }) {
  const coach = coachOf(relationship);
  return coach ? <Person person={coach} /> : <span className="person__name">your former coach (account closed)</span>;
}

/** The member's side: their coach, an invitation to answer, a request waiting, or asking a coach. */
export function CoachSection({ viewerId }: { viewerId: string }) {
  const relationships = useRelationships(false);
  const [status, setStatus] = useState<string | null>(null);
  const [ending, setEnding] = useState<Relationship | null>(null);
  const act = useRelationshipAction((relationship, action) => {
    setEnding(null);
    const name = coachName(relationship);
    setStatus(
      action === "accept"
        ? `You're now working with ${name}.`
        : action === "decline"
          ? `You've declined ${name}'s invitation. You can ask a coach whenever you're ready.`
          : `Coaching with ${name} has ended. Your plan stays yours.`,
    );
  });

  const mine = (relationships.data?.items ?? []).filter((relationship) => relationship.member.id === viewerId);
  const active = mine.filter((relationship) => relationship.status === "active");
  const invited = mine.filter((relationship) => relationship.status === "invited");
  const requested = mine.filter((relationship) => relationship.status === "requested");
  const ended = mine.filter((relationship) => relationship.status === "ended");
  const hasOpen = active.length + invited.length + requested.length > 0;

  return (
    <section className="card" aria-labelledby="coach-heading">
      <h2 id="coach-heading">Your coach</h2>
      <StatusMessage message={status} />
      <FormAlert message={act.isError ? describeError(act.error) : null} />
      {relationships.isPending ? <p>Loading…</p> : null}
      {relationships.isError ? <QueryError error={relationships.error} onRetry={() => void relationships.refetch()} /> : null}
      {invited.map((relationship) => (
        <div key={relationship.id} className="card card--notice">
          <p>
            <CoachPerson relationship={relationship} /> has invited you to work together, as your peer recovery coach.
          </p>
          {coachOf(relationship)?.bio ? <p className="person__bio">{coachOf(relationship)?.bio}</p> : null}
          <p className="muted">{WHAT_A_COACH_SEES}</p>
          <p className="actions">
            <button
              type="button"
              className="button"
              disabled={act.isPending}
              onClick={() => act.mutate({ relationship, action: "accept" })}
            >
              Accept the invitation
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={act.isPending}
              onClick={() => act.mutate({ relationship, action: "decline" })}
            >
              Decline
            </button>
          </p>
        </div>
      ))}
      {active.map((relationship) => (
        <div key={relationship.id} className="person person--row">
          <p>
            You're working with <CoachPerson relationship={relationship} />.
          </p>
          <MessagesLink relationship={relationship} name={coachName(relationship)} />
          <button type="button" className="button button--quiet button--small" onClick={() => setEnding(relationship)}>
            End coaching
          </button>
        </div>
      ))}
      {ended.map((relationship) => (
        <div key={relationship.id} className="person person--row">
          {coachOf(relationship) ? (
            <p className="muted">
              Your coaching with <CoachPerson relationship={relationship} /> has ended. Your messages stay here to read.
            </p>
          ) : (
            <p className="muted">
              {FORMER_COACH}. Your coaching has ended; your messages stay here to read.
            </p>
          )}
          <MessagesLink relationship={relationship} name={coachName(relationship)} />
        </div>
      ))}
      {requested.map((relationship) => (
        <div key={relationship.id} className="person person--row">
          <p>
            You asked <CoachPerson relationship={relationship} /> to be your coach. They'll answer when they can.
          </p>
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={act.isPending}
            onClick={() => act.mutate({ relationship, action: "end" })}
          >
            Withdraw my request
          </button>
        </div>
      ))}
      {relationships.data && !hasOpen ? <AskCoach onAsked={(name) => setStatus(`You've asked ${name}. They'll answer when they can.`)} /> : null}
      <ConfirmDialog
        open={ending !== null}
        title="End coaching?"
        confirmLabel="End coaching"
        busy={act.isPending}
        onConfirm={() => ending && act.mutate({ relationship: ending, action: "end" })}
        onCancel={() => setEnding(null)}
      >
        <p>
          {(ending && coachOf(ending)?.display_name) ?? "Your coach"} will no longer see your plan or check-ins. Your plan, goals and notes stay yours,
          and you can ask a coach again at any time.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function AskCoach({ onAsked }: { onAsked: (name: string) => void }) {
  const queryClient = useQueryClient();
  const coaches = useCoaches();
  const [coachId, setCoachId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());

  const ask = useMutation({
    mutationFn: async (id: string) =>
      (
        await unwrap(
          api.POST("/api/v1/coaching-relationships", {
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
            body: { coach_id: id },
          }),
        )
      ).data,
    onSuccess: async (relationship) => {
      idempotencyKey.current = crypto.randomUUID();
      await invalidateRelationships(queryClient);
      onAsked(coachName(relationship));
    },
    onError: (failure) => setError(describeError(failure)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!coachId) {
      setError("Choose a coach first.");
      return;
    }
    ask.mutate(coachId);
  }

  const list = coaches.data?.items ?? [];
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="ask-coach-heading">
      <h3 id="ask-coach-heading">Ask a peer coach</h3>
      <p>
        A peer recovery coach has lived experience of recovery and walks beside you: setting goals together and checking
        in at your pace.
      </p>
      <p className="muted">{WHAT_A_COACH_SEES}</p>
      {coaches.isPending ? <p>Loading coaches…</p> : null}
      {coaches.isError ? <QueryError error={coaches.error} onRetry={() => void coaches.refetch()} /> : null}
      {coaches.data && list.length === 0 ? <p>There are no coaches to ask just now. Please look again soon.</p> : null}
      {list.length ? (
        <fieldset>
          <legend>Choose a coach</legend>
          <div className="choice-list">
            {list.map((coach) => (
              <label key={coach.id} className="check check--boxed">
                <input
                  type="radio"
                  name="coach_id"
                  value={coach.id}
                  checked={coachId === coach.id}
                  onChange={() => {
                    setCoachId(coach.id);
                    idempotencyKey.current = crypto.randomUUID();
                  }}
                />
                <span>
                  <Person person={coach} />
                  {coach.bio ? <span className="person__meta"> · {coach.bio}</span> : null}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <FormAlert message={error} />
      {list.length ? (
        <div className="form__actions">
          <button type="submit" className="button" disabled={ask.isPending}>
            {ask.isPending ? "Asking…" : "Ask this coach"}
          </button>
        </div>
      ) : null}
    </form>
  );
}
