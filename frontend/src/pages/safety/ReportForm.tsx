import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { useMyProfile } from "../account/queries";
import { useGroupMembers } from "../groups/queries";
import { CATEGORIES } from "./labels";
import type { ReportCategory } from "./queries";
import {
  EMPTY_REPORT,
  REPORT_FIELDS,
  REPORT_TEXT_MAX,
  REPORT_TEXT_MIN,
  reportBody,
  validateReport,
  type ReportField,
  type ReportValues,
} from "./reportForm";
import { HelpLink } from "../crisis/HelpLink";

export interface ReportContext {
  sessionId?: string;
  groupId?: string;
  /** Offer the group's members to choose from (members only see the list). */
  chooseMember?: boolean;
  /** The report must name a member (the "Report a member" entry point). */
  memberRequired?: boolean;
  /** A post in a group conversation, or a coach message. */
  postId?: string;
  messageId?: string;
}

interface ReportFormProps extends ReportContext {
  onBusyChange: (busy: boolean) => void;
  onClose: () => void;
}

/** Category, what happened and (optionally) who: checked here first, then sent once. */
export function ReportForm({ sessionId, groupId, postId, messageId, chooseMember = false, memberRequired = false, onBusyChange, onClose }: ReportFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const [values, setValues] = useState<ReportValues>(EMPTY_REPORT);
  const [errors, setErrors] = useState<FormErrors<ReportField>>(NO_ERRORS);
  const categoryName = useId();
  const categoryErrorId = useId();

  const send = useMutation({
    mutationFn: async (body: ReturnType<typeof reportBody>) =>
      unwrap(api.POST("/api/v1/reports", { body, params: { header: { "Idempotency-Key": idempotencyKey.current } } })),
    onMutate: () => onBusyChange(true),
    onSettled: () => onBusyChange(false),
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      setErrors(formErrorsFrom(error, REPORT_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  /** Once messages are showing, each goes away as soon as its answer is good enough. */
  function update(patch: Partial<ReportValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    if (Object.keys(errors.fields).length) {
      const fields = validateReport(next, { memberRequired });
      setErrors({ fields, general: Object.keys(fields).length ? errors.general : null });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = validateReport(values, { memberRequired });
    if (Object.keys(fields).length > 0 || !values.category) {
      setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    send.mutate(reportBody({ ...values, category: values.category }, { sessionId, groupId, postId, messageId }));
  }

  if (send.isSuccess) {
    return (
      <div className="report-sent">
        <p role="status" className="alert alert--success">
          Thank you. Your report was sent.
        </p>
        <p>
          The facilitators of this group and the Peerway team will read it and decide what to do. The person it is about will
          never see who reported.
        </p>
        <p>
          If you feel unsafe or upset right now, <HelpLink>help is here</HelpLink>.
        </p>
        <div className="form__actions">
          <button type="button" className="button" autoFocus onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  }

  const categoryErrors = errors.fields.category;
  const length = values.text.trim().length;
  return (
    <form ref={formRef} className="form report-form" noValidate onSubmit={submit}>
      <p className="report-form__promise">
        Your report goes privately to the group's facilitators and the Peerway team. <strong>The person you report will not
        see who reported them.</strong>
      </p>
      {chooseMember && groupId ? (
        <MemberChoice
          groupId={groupId}
          required={memberRequired}
          value={values.subjectId}
          errors={errors.fields.subject_member_id}
          onChange={(subjectId) => update({ subjectId })}
        />
      ) : null}
      <fieldset
        className={categoryErrors?.length ? "field field--invalid report-categories" : "field report-categories"}
        aria-describedby={categoryErrors?.length ? categoryErrorId : undefined}
      >
        <legend>What is it about?</legend>
        {categoryErrors?.length ? (
          <ul className="field__errors" id={categoryErrorId}>
            {categoryErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {CATEGORIES.map((category, index) => (
          <CategoryChoice
            key={category.value}
            name={categoryName}
            value={category.value}
            label={category.label}
            description={category.description}
            checked={values.category === category.value}
            invalid={Boolean(categoryErrors?.length)}
            autoFocus={index === 0 && !chooseMember}
            onChange={(category) => update({ category })}
          />
        ))}
      </fieldset>
      {values.category === "self_harm_concern" ? (
        <p className="alert alert--info">
          If someone may be in danger right now, call your local emergency number. <HelpLink>Crisis lines are here</HelpLink>.
          Your report still reaches the facilitators.
        </p>
      ) : null}
      <Field
        label="What happened?"
        name="text"
        errors={errors.fields.text}
        hint={`In your own words: what happened, and when. At least ${REPORT_TEXT_MIN} characters, so the facilitators can understand it.`}
      >
        {(control) => (
          <textarea
            {...control}
            rows={5}
            maxLength={REPORT_TEXT_MAX}
            value={values.text}
            onChange={(event) => update({ text: event.target.value })}
          />
        )}
      </Field>
      <p className="report-form__count muted" aria-hidden="true">
        {length < REPORT_TEXT_MIN ? `${length} of at least ${REPORT_TEXT_MIN} characters` : `${length} characters`}
      </p>
      <FormAlert message={errors.general} />
      <div className="form__actions">
        <button type="button" className="button button--quiet" disabled={send.isPending} onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button" disabled={send.isPending}>
          {send.isPending ? "Sending…" : "Send report"}
        </button>
      </div>
    </form>
  );
}

function CategoryChoice(props: {
  name: string;
  value: ReportCategory;
  label: string;
  description: string;
  checked: boolean;
  invalid: boolean;
  autoFocus: boolean;
  onChange: (value: ReportCategory) => void;
}) {
  const id = useId();
  return (
    <div className="report-category">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="radio"
          name={props.name}
          value={props.value}
          checked={props.checked}
          autoFocus={props.autoFocus}
          aria-describedby={`${id}-description`}
          aria-invalid={props.invalid ? true : undefined}
          onChange={() => props.onChange(props.value)}
        />
        {props.label}
      </label>
      <p className="report-category__description" id={`${id}-description`}>
        {props.description}
      </p>
    </div>
  );
}

/** The group's members (not me), to say whom the report is about. */
function MemberChoice({
  groupId,
  required,
  value,
  errors,
  onChange,
}: {
  groupId: string;
  required: boolean;
  value: string;
  errors: string[] | undefined;
  onChange: (memberId: string) => void;
}) {
  const members = useGroupMembers(groupId, "active");
  const myId = useMyProfile().data?.profile.id;
  const people = (members.data?.pages.flatMap((page) => page.items) ?? [])
    .map((membership) => membership.member)
    .filter((person) => person.id !== myId);

  // Someone who may not read the list (not a member of this group) reports the session itself.
  if (members.isError && !required) return null;
  return (
    <Field
      label="Who is it about?"
      name="subject_member_id"
      errors={errors ?? (members.isError ? ["We couldn't load the group's members. Close this and try again."] : undefined)}
      hint={required ? "Only people in this group are listed." : "Leave this as it is if it is about the session rather than one person."}
    >
      {(control) => (
        <>
          <select {...control} value={value} autoFocus onChange={(event) => onChange(event.target.value)}>
            <option value="">{required ? "Choose a person" : "No one in particular"}</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.display_name}
              </option>
            ))}
          </select>
          {members.isPending ? <p className="muted">Loading the group's members…</p> : null}
          {members.hasNextPage ? (
            <button
              type="button"
              className="button button--quiet button--small report-form__more"
              disabled={members.isFetchingNextPage}
              onClick={() => void members.fetchNextPage()}
            >
              {members.isFetchingNextPage ? "Loading…" : "List more people"}
            </button>
          ) : null}
        </>
      )}
    </Field>
  );
}
