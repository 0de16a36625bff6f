import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { ApiError, describeError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { AcceptGuidelines } from "./AcceptGuidelines";
import { GuidelinesText } from "./GuidelinesText";
import {
  groupKeys,
  invalidateMembership,
  myMembership,
  needsToAcceptGuidelines,
  useGuidelines,
  type GroupDetail,
} from "./queries";

const JOIN_FIELDS = ["invitation_code", "accepted_guidelines_version"] as const;
type JoinField = (typeof JOIN_FIELDS)[number];

/** Where the member stands with a group, and the one next step: join, wait, accept, or leave. */
export function MembershipPanel({
  group,
  joining,
  onJoiningChange,
}: {
  group: GroupDetail;
  joining: boolean;
  onJoiningChange: (joining: boolean) => void;
}) {
  const membership = myMembership(group);
  const [status, setStatus] = useState<string | null>(null);
  const headingId = useId();

  if (membership?.status === "active") {
    return (
      <>
        {needsToAcceptGuidelines(group) ? <AcceptGuidelines groupId={group.id} groupName={group.name} /> : null}
        <section className="card membership membership--active" aria-labelledby={headingId}>
          <StatusMessage message={status} />
          <h2 id={headingId}>{membership.role === "facilitator" ? "You facilitate this group" : "You're a member"}</h2>
          {membership.is_muted ? (
            <p>A facilitator has paused your bookings in this group for now. You can still read about its sessions.</p>
          ) : (
            <p>You can book a place at any of its sessions below.</p>
          )}
          <LeaveGroup group={group} label="Leave this group" />
        </section>
      </>
    );
  }

  if (membership?.status === "pending") {
    return (
      <section className="card membership" aria-labelledby={headingId}>
        <StatusMessage message={status} />
        <h2 id={headingId}>Your request is with the facilitators</h2>
        <p>
          A facilitator will look at it soon. We'll send you a notification when they decide. You
          can withdraw your request at any time.
        </p>
        <LeaveGroup group={group} label="Withdraw my request" pending />
      </section>
    );
  }

  if (membership?.status === "removed") {
    return (
      <section className="card membership" aria-labelledby={headingId}>
        <h2 id={headingId}>You're no longer a member</h2>
        <p>A facilitator removed you from this group. If you think this was a mistake, you can contact them.</p>
      </section>
    );
  }

  return (
    <section className="card membership" aria-labelledby={headingId}>
      <h2 id={headingId}>{group.join_policy === "open" ? "Join this group" : group.join_policy === "approval" ? "Ask to join" : "Join with an invitation"}</h2>
      {membership?.status === "declined" ? (
        <p>Your last request wasn't accepted. You're welcome to ask again.</p>
      ) : null}
      <p>
        {group.join_policy === "open"
          ? "Anyone can join. You'll be asked to read and accept the group's guidelines first."
          : group.join_policy === "approval"
            ? "A facilitator looks at each request. You'll be asked to read and accept the group's guidelines first."
            : "This group is by invitation. Ask a facilitator for a code, then read and accept the guidelines."}
      </p>
      {joining ? (
        <JoinForm
          group={group}
          onClose={() => onJoiningChange(false)}
          onJoined={(joined) =>
            setStatus(
              joined === "active"
                ? `Welcome to ${group.name}. You can now book a place at its sessions.`
                : "Your request is sent. We'll let you know when a facilitator has looked at it.",
            )
          }
        />
      ) : (
        <button type="button" className="button" onClick={() => onJoiningChange(true)}>
          {group.join_policy === "approval" ? "Ask to join…" : "Join this group…"}
        </button>
      )}
    </section>
  );
}

function JoinForm({
  group,
  onClose,
  onJoined,
}: {
  group: GroupDetail;
  onClose: () => void;
  onJoined: (status: string) => void;
}) {
  const queryClient = useQueryClient();
  const guidelines = useGuidelines(group.id);
  const formRef = useRef<HTMLFormElement>(null);
  const [agreed, setAgreed] = useState(false);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FormErrors<JoinField>>(NO_ERRORS);
  const checkId = useId();

  const join = useMutation({
    mutationFn: async (version: number) =>
      (
        await unwrap(
          api.POST("/api/v1/groups/{group_id}/memberships", {
            params: { path: { group_id: group.id } },
            body: {
              accepted_guidelines_version: version,
              ...(group.join_policy === "invite" || code.trim() ? { invitation_code: code.trim() } : {}),
            },
          }),
        )
      ).data,
    onSuccess: async (membership) => {
      onJoined(membership.status);
      await invalidateMembership(queryClient);
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && error.problem?.errors?.accepted_guidelines_version) {
        // The guidelines changed while the member was reading: show the new ones.
        setAgreed(false);
        void queryClient.invalidateQueries({ queryKey: groupKeys.detail(group.id) });
        setErrors({ fields: {}, general: "The guidelines were just updated. Please read the new version below." });
        return;
      }
      const next = formErrorsFrom(error, JOIN_FIELDS);
      if (group.join_policy === "invite" && error instanceof ApiError && error.status === 403) {
        next.fields.invitation_code = [describeError(error)];
        next.general = "Please check the invitation code.";
      }
      setErrors(next);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    if (!guidelines.data) return;
    if (group.join_policy === "invite" && code.trim().length < 6) {
      setErrors({ fields: { invitation_code: ["Enter the code a facilitator gave you."] }, general: null });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    join.mutate(guidelines.data.version);
  }

  if (guidelines.isPending) return <p>Loading the group's guidelines…</p>;
  if (guidelines.isError) return <QueryError error={guidelines.error} onRetry={() => void guidelines.refetch()} />;

  return (
    <form ref={formRef} className="form join-form" onSubmit={submit} noValidate>
      <h3>Group guidelines, version {guidelines.data.version}</h3>
      <GuidelinesText text={guidelines.data.text} />
      <FormAlert message={errors.general} />
      {group.join_policy === "invite" ? (
        <Field label="Invitation code" name="invitation_code" errors={errors.fields.invitation_code} hint="For example k3v9-q2xp-7m4d.">
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={64}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </Field>
      ) : null}
      <div className="check check--boxed">
        <input id={checkId} type="checkbox" checked={agreed} onChange={(event) => setAgreed(event.target.checked)} />
        <label htmlFor={checkId}>I have read and accept the guidelines</label>
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={!agreed || join.isPending}>
          {join.isPending ? "Sending…" : group.join_policy === "approval" ? "Send my request" : "Join the group"}
        </button>
        <button type="button" className="button button--quiet" disabled={join.isPending} onClick={onClose}>
          Not now
        </button>
      </div>
    </form>
  );
}

function LeaveGroup({ group, label, pending = false }: { group: GroupDetail; label: string; pending?: boolean }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const leave = useMutation({
    mutationFn: async () =>
      unwrap(api.DELETE("/api/v1/groups/{group_id}/memberships/me", { params: { path: { group_id: group.id } } })),
    onSuccess: async () => {
      setOpen(false);
      await invalidateMembership(queryClient);
    },
  });
  return (
    <>
      <FormAlert message={leave.error && !open ? describeError(leave.error) : null} />
      <button type="button" className="button button--quiet button--small" onClick={() => setOpen(true)}>
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={pending ? "Withdraw your request?" : `Leave ${group.name}?`}
        confirmLabel={pending ? "Withdraw request" : "Leave group"}
        cancelLabel={pending ? "Keep my request" : "Stay in the group"}
        busy={leave.isPending}
        onConfirm={() => leave.mutate()}
        onCancel={() => {
          setOpen(false);
          leave.reset();
        }}
      >
        <p>
          {pending
            ? "You can ask again later if you change your mind."
            : "Your upcoming bookings in this group will be cancelled, and your places offered to others. You're welcome back any time."}
        </p>
        {leave.error ? <p className="alert alert--error">{describeError(leave.error)}</p> : null}
      </ConfirmDialog>
    </>
  );
}
