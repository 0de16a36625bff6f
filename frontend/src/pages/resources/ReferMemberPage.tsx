import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { todayIso } from "../../lib/dates";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { CuratorOnly } from "./components/CuratorOnly";
import { useFocusOnErrors } from "./components/useFocusOnErrors";
import { kindLabel, type Resource } from "./labels";
import { referralKeys, useCoachedMembers, useResource } from "./queries";
import "./resources.css";

// A refused resource (retired meanwhile) or member (no longer coached) is said in the general alert.
const FIELDS = ["member_id", "note", "follow_up_on"] as const;
type ReferralField = (typeof FIELDS)[number];

/** Refer a member I coach to this resource (/resources/:resourceId/refer). */
export function ReferMemberPage() {
  const { resourceId = "" } = useParams();
  const entry = useResource(resourceId);
  usePageTitle("Refer a member");

  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to={`/resources/${resourceId}`}>{entry.data?.resource.name ?? "Back to the resource"}</Link>
      </p>
      <h1>Refer a member</h1>
      <CuratorOnly what="refer members to services">
        {entry.isPending ? <p>Loading…</p> : null}
        {entry.isError ? <QueryError error={entry.error} onRetry={() => void entry.refetch()} /> : null}
        {entry.data ? <ReferralForm resource={entry.data.resource} /> : null}
      </CuratorOnly>
    </article>
  );
}

function ReferralForm({ resource }: { resource: Resource }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const coached = useCoachedMembers();
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const [memberId, setMemberId] = useState("");
  const [note, setNote] = useState("");
  const [followUp, setFollowUp] = useState("");
  const [errors, setErrors] = useState<FormErrors<ReferralField>>(NO_ERRORS);
  useFocusOnErrors(formRef, errors);
  const members = (coached.data?.pages.flatMap((page) => page.items) ?? []).map((relationship) => relationship.member);

  function changed<T>(set: (value: T) => void) {
    return (value: T) => {
      set(value);
      idempotencyKey.current = crypto.randomUUID();
    };
  }

  const create = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/referrals", {
            body: { member_id: memberId, resource_id: resource.id, note: note.trim() || null, follow_up_on: followUp || null },
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
          }),
        )
      ).data,
    onSuccess: async (referral) => {
      await queryClient.invalidateQueries({ queryKey: referralKeys.all });
      navigate("/resources/referrals?made_by_me=true", {
        state: { notice: `Sent. ${referral.member.display_name} will see ${resource.name} under My referrals.` },
      });
    },
    onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    if (!memberId) {
      setErrors({ fields: { member_id: ["Choose who you are referring."] }, general: null });
      return;
    }
    create.mutate();
  }

  if (resource.retired_at) {
    return <p className="card">This entry is no longer listed, so it can't be suggested. Look for another in the directory.</p>;
  }
  if (coached.isPending) return <p>Loading the members you coach…</p>;
  if (coached.isError) return <QueryError error={coached.error} onRetry={() => void coached.refetch()} />;
  if (members.length === 0) {
    return (
      <div className="card">
        <p>You can refer the members you coach. You aren't coaching anyone right now.</p>
        <p>
          <Link to="/coaching">Go to coaching</Link>
        </p>
      </div>
    );
  }

  return (
    <section className="card" aria-label="Referral">
      <p className="lead">
        Suggesting <strong>{resource.name}</strong> ({kindLabel(resource.kind)}). They'll be told, and can tell you how it goes.
      </p>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <FormAlert message={errors.general} />
        <Field label="Member" name="member_id" errors={errors.fields.member_id} hint="Only members you coach now are listed.">
          {(control) => (
            <select {...control} value={memberId} onChange={(event) => changed(setMemberId)(event.target.value)}>
              <option value="">Choose a member</option>
              {members.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.display_name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <LoadMore
          hasMore={coached.hasNextPage}
          loading={coached.isFetchingNextPage}
          onLoad={() => void coached.fetchNextPage()}
          label="List more members"
        />
        <Field
          label="Note for them"
          name="note"
          errors={errors.fields.note}
          tag="optional"
          hint="They will read this. Say why you thought of it; leave out anything they haven't chosen to share."
        >
          {(control) => <textarea {...control} rows={4} maxLength={2000} value={note} onChange={(event) => changed(setNote)(event.target.value)} />}
        </Field>
        <Field
          label="Follow up by"
          name="follow_up_on"
          errors={errors.fields.follow_up_on}
          tag="optional"
          hint="We'll remind you on this date if it's still open."
        >
          {(control) => (
            <input {...control} type="date" min={todayIso()} value={followUp} onChange={(event) => changed(setFollowUp)(event.target.value)} />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? "Sending…" : "Send referral"}
          </button>
        </div>
      </form>
    </section>
  );
}
