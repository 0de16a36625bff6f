import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { FormAlert } from "../../components/FormAlert";
import { formErrorsFrom, NO_ERRORS, type FormErrors } from "../../lib/problems";
import { BODY_MAX } from "./Composer";
import { useUpdatePost, type Post } from "./queries";

/** Change my post's words (the API allows it for a short while after posting, then says so). */
export function EditPost({ post, threadId, onDone }: { post: Post; threadId: string; onDone: () => void }) {
  const [body, setBody] = useState(post.body ?? "");
  const [errors, setErrors] = useState<FormErrors<"body">>(NO_ERRORS);
  const update = useUpdatePost(threadId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setErrors({ fields: { body: ["Write something, or delete the post instead."] }, general: null });
      return;
    }
    update.mutate(
      { postId: post.id, changes: { body } },
      { onSuccess: onDone, onError: (error) => setErrors(formErrorsFrom(error, ["body"] as const)) },
    );
  }

  return (
    <form className="form post-edit" noValidate onSubmit={submit}>
      <Field label="Edit your post" name="body" errors={errors.fields.body}>
        {(control) => (
          <textarea {...control} rows={4} maxLength={BODY_MAX} autoFocus value={body} onChange={(event) => setBody(event.target.value)} />
        )}
      </Field>
      <FormAlert message={errors.general} />
      <div className="form__actions">
        <button type="button" className="button button--quiet button--small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button--small" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
