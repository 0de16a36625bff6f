import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { CopyButton } from "../../components/CopyButton";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { formatDateTime } from "../../lib/dates";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import type { GroupDetail } from "./queries";

const FIELDS = ["max_uses", "expires_in_days"] as const;
type InvitationField = (typeof FIELDS)[number];

/** Create an invitation code; it is shown once (only a hash is kept), with a copy button. */
export function InvitationCodes({ group, timeZone }: { group: GroupDetail; timeZone: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [maxUses, setMaxUses] = useState("1");
  const [days, setDays] = useState("14");
  const [errors, setErrors] = useState<FormErrors<InvitationField>>(NO_ERRORS);
  const idempotencyKey = useRef<string>(crypto.randomUUID());

  const create = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/groups/{group_id}/invitations", {
            params: { path: { group_id: group.id }, header: { "Idempotency-Key": idempotencyKey.current } },
            body: { max_uses: Number(maxUses), expires_in_days: Number(days) },
          }),
        )
      ).data,
    onSuccess: () => {
      idempotencyKey.current = crypto.randomUUID();
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    create.mutate();
  }

  const invitation = create.data;
  return (
    <section className="card" aria-labelledby="invitations-heading" id="invitations">
      <h2 id="invitations-heading">Invitation codes</h2>
      <p>
        {group.join_policy === "invite"
          ? "People join this group with a code from you."
          : "A code lets someone join straight away, even when requests need approval."}{" "}
        Share each code privately with one person or a small circle.
      </p>
      {invitation ? (
        <div className="secret" role="status">
          <p className="secret__label">Your new code (shown only now):</p>
          <p className="secret__value">
            <code>{invitation.code}</code> <CopyButton value={invitation.code} label="Copy code" />
          </p>
          <p className="muted">
            Works {invitation.max_uses === 1 ? "once" : `${invitation.max_uses} times`}, until {formatDateTime(invitation.expires_at, timeZone)}. We
            only keep a scrambled copy, so note it down now.
          </p>
        </div>
      ) : null}
      <form ref={formRef} className="form form--numbers" onSubmit={submit} noValidate>
        <FormAlert message={errors.general} />
        <div className="form__row">
          <Field label="How many people can use it" name="max_uses" errors={errors.fields.max_uses}>
            {(control) => (
              <input {...control} type="number" inputMode="numeric" min={1} max={500} value={maxUses} onChange={(event) => setMaxUses(event.target.value)} />
            )}
          </Field>
          <Field label="Days until it expires" name="expires_in_days" errors={errors.fields.expires_in_days}>
            {(control) => (
              <input {...control} type="number" inputMode="numeric" min={1} max={90} value={days} onChange={(event) => setDays(event.target.value)} />
            )}
          </Field>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--quiet" disabled={create.isPending}>
            {create.isPending ? "Creating…" : invitation ? "Create another code" : "Create a code"}
          </button>
        </div>
      </form>
    </section>
  );
}
