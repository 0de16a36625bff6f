import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { formatTime } from "../../lib/dates";
import { ApiError, describeError, unwrap } from "../../lib/problems";
import { AcceptGuidelines } from "../groups/AcceptGuidelines";
import { myMembership, needsToAcceptGuidelines, useGroup } from "../groups/queries";
import { checkInOpen, hasEnded, invalidateSessions, myRsvp, type Session } from "./queries";

function isGuidelinesConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && Boolean(error.problem?.errors?.accepted_guidelines_version);
}

/** Booking: book or join the waitlist, see where you stand, give the place back, check in. */
export function RsvpPanel({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const groupResult = useGroup(session.group.id);
  const group = groupResult.data?.group;
  const membership = myMembership(group);
  const rsvp = myRsvp(session);
  const headingId = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const [mustAccept, setMustAccept] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const book = useMutation({
    mutationFn: async () =>
      (await unwrap(api.PUT("/api/v1/sessions/{session_id}/rsvp", { params: { path: { session_id: session.id } } }))).data,
    onMutate: () => setNotice(null),
    onSuccess: async (result) => {
      setMustAccept(false);
      setNotice(
        result.status === "confirmed"
          ? "Your place is booked. See you there."
          : `The session is full, so you're on the waitlist (position ${result.waitlist_position ?? 1}). We'll let you know if a place opens up.`,
      );
      await invalidateSessions(queryClient);
    },
    onError: (error) => {
      if (isGuidelinesConflict(error)) setMustAccept(true);
    },
  });

  const cancel = useMutation({
    mutationFn: async () =>
      unwrap(api.DELETE("/api/v1/sessions/{session_id}/rsvp", { params: { path: { session_id: session.id } } })),
    onMutate: () => setNotice(null),
    onSuccess: async () => {
      setConfirmCancel(false);
      setNotice(rsvp?.status === "waitlisted" ? "You've left the waitlist." : "You've given up your place. Thank you for letting someone else have it.");
      await invalidateSessions(queryClient);
    },
  });

  const checkIn = useMutation({
    mutationFn: async () =>
      unwrap(
        api.POST("/api/v1/sessions/{session_id}/attendance", {
          params: { path: { session_id: session.id } },
          body: { attended: true },
        }),
      ),
    onSuccess: async () => {
      setNotice("You're checked in. Welcome.");
      await invalidateSessions(queryClient);
    },
  });

  if (session.status === "cancelled") return null;

  const ended = hasEnded(session);
  const bookError = book.error && !isGuidelinesConflict(book.error) ? describeError(book.error) : null;
  const otherError = cancel.error && !confirmCancel ? describeError(cancel.error) : checkIn.error ? describeError(checkIn.error) : null;

  let body;
  if (rsvp?.status === "confirmed") {
    body = (
      <>
        <h2 id={headingId}>Your place is confirmed</h2>
        {session.online_url ? (
          <p className="online-link">
            <a href={session.online_url} className="button" target="_blank" rel="noreferrer noopener">
              Join online<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
            <span className="online-link__url">{session.online_url}</span>
          </p>
        ) : null}
        {session.location ? <p>Where: {session.location}</p> : null}
        {rsvp.attendance === "attended" ? (
          <p className="alert alert--success">You're checked in.</p>
        ) : checkInOpen(session) ? (
          <p>
            <button type="button" className="button button--quiet" disabled={checkIn.isPending} onClick={() => checkIn.mutate()}>
              {checkIn.isPending ? "Checking in…" : "I'm here: check in"}
            </button>
          </p>
        ) : !ended ? (
          <p className="muted">You can check in from {formatTime(session.check_in_opens_at)}.</p>
        ) : null}
        {!ended ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setConfirmCancel(true)}>
            I can't come: give up my place
          </button>
        ) : null}
      </>
    );
  } else if (rsvp?.status === "waitlisted") {
    body = (
      <>
        <h2 id={headingId}>You're on the waitlist</h2>
        <p className="waitlist">
          Waitlisted, position {rsvp.waitlist_position ?? 1}. We'll send you a notification as soon as a place opens up.
        </p>
        {!ended ? (
          <button type="button" className="button button--quiet button--small" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            {cancel.isPending ? "Leaving…" : "Leave the waitlist"}
          </button>
        ) : null}
      </>
    );
  } else if (ended) {
    body = (
      <>
        <h2 id={headingId}>This session has ended</h2>
        <p>Bookings are closed.</p>
      </>
    );
  } else if (group && membership?.status !== "active") {
    body = (
      <>
        <h2 id={headingId}>Book a place</h2>
        <p>
          {membership?.status === "pending"
            ? "Your request to join the group is with its facilitators. Once you're in, you can book."
            : "Sessions are for members of the group. Joining takes a minute."}
        </p>
        {membership?.status === "pending" ? null : (
          <Link to={`/groups/${group.id}`} className="button">
            Join {group.name} to book
          </Link>
        )}
      </>
    );
  } else if (membership?.is_muted) {
    body = (
      <>
        <h2 id={headingId}>Book a place</h2>
        <p>A facilitator has paused your bookings in this group for now.</p>
      </>
    );
  } else if (group && (mustAccept || needsToAcceptGuidelines(group))) {
    return <AcceptGuidelines groupId={group.id} groupName={group.name} onAccepted={() => book.mutate()} />;
  } else {
    const full = session.spots_left <= 0;
    body = (
      <>
        <h2 id={headingId}>Book a place</h2>
        <p>
          {full
            ? "This session is full. Join the waitlist and we'll let you know if a place opens up."
            : session.spots_left === 1
              ? "1 place left."
              : `${session.spots_left} places left.`}
        </p>
        <button type="button" className="button" disabled={book.isPending} onClick={() => book.mutate()}>
          {book.isPending ? "Booking…" : full ? "Join the waitlist" : "Book a place"}
        </button>
      </>
    );
  }

  return (
    <section className={`card rsvp rsvp--${rsvp?.status ?? "none"}`} aria-labelledby={headingId}>
      <StatusMessage message={notice} />
      <FormAlert message={bookError ?? otherError} />
      {body}
      <ConfirmDialog
        open={confirmCancel}
        title="Give up your place?"
        confirmLabel="Give up my place"
        cancelLabel="Keep my place"
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => {
          setConfirmCancel(false);
          cancel.reset();
        }}
      >
        <p>The first person on the waitlist will be offered it. You can book again if places are free.</p>
        {cancel.error ? <p className="alert alert--error">{describeError(cancel.error)}</p> : null}
      </ConfirmDialog>
    </section>
  );
}
