import { useRef, useState, type FormEvent } from "react";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { ResourcePicker, type PickedResource } from "../../components/ResourcePicker";
import { present } from "../../lib/present";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "../../lib/problems";
import { CrisisInline } from "../conversations/CrisisInline";
import { useSendMessage, type SentMessage } from "./queries";

type SentCrisis = SentMessage["crisis_resources"] | null;

const MESSAGE_MAX = 5000;
const FIELDS = ["body", "resource_id"] as const;

/** Write to the coach (or, for coaches, to the member, optionally sharing a resource card). */
export function MessageComposer({
  relationshipId,
  canShareResource,
  recipient,
}: {
  relationshipId: string;
  canShareResource: boolean;
  recipient: string | null;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState("");
  const [resource, setResource] = useState<PickedResource | null>(null);
  const [errors, setErrors] = useState<FormErrors<(typeof FIELDS)[number]>>(NO_ERRORS);
  const [crisis, setCrisis] = useState<SentCrisis>(null);
  const send = useSendMessage(relationshipId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim() && !resource) {
      setErrors({ fields: { body: ["Write a message first."] }, general: null });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    send.mutate(
      { ...(body.trim() ? { body } : {}), ...(resource ? { resource_id: resource.id } : {}) },
      {
        onSuccess: (sent) => {
          setBody("");
          setResource(null);
          setCrisis(sent.crisis_resources ?? null);
        },
        onError: (error) => {
          setErrors(formErrorsFrom(error, FIELDS));
          requestAnimationFrame(() => focusFirstInvalid(formRef.current));
        },
      },
    );
  }

  return (
    <>
      {present(crisis, "lines") ? <CrisisInline resources={crisis} onDismiss={() => setCrisis(null)} /> : null}
      <form ref={formRef} className="form composer message-composer" noValidate onSubmit={submit}>
        <Field label={recipient ? `Message ${recipient}` : "Your message"} name="body" errors={errors.fields.body}>
          {(control) => (
            <textarea {...control} rows={3} maxLength={MESSAGE_MAX} value={body} onChange={(event) => setBody(event.target.value)} />
          )}
        </Field>
        {canShareResource ? (
          <ResourcePicker value={resource} onChange={setResource} label="Share a directory resource (optional)" />
        ) : null}
        <FormAlert message={errors.general} />
        <div className="form__actions">
          <button type="submit" className="button" disabled={send.isPending}>
            {send.isPending ? "Sending…" : "Send"}
          </button>
        </div>
      </form>
    </>
  );
}
