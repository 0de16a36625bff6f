import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { ApiError, describeError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { GROUP_FIELDS, GroupForm, groupWriteFrom, valuesFromGroup, type GroupField, type GroupFormValues } from "./GroupForm";
import { groupKeys, type GroupUpdate, type GroupWithVersion } from "./queries";

const STALE = "Someone changed this group since the page opened. Reload the page to see their changes, then edit again.";

/** Only what changed (the spec's defaults make the four policy fields required, so they always go). */
export function groupUpdateFrom(before: GroupFormValues, after: GroupFormValues): GroupUpdate {
  const next = groupWriteFrom(after);
  const previous = groupWriteFrom(before);
  const changes: GroupUpdate = {
    is_free: next.is_free,
    join_policy: next.join_policy,
    language: next.language,
    visibility: next.visibility,
  };
  if (next.name !== previous.name) changes.name = next.name;
  if (next.description !== previous.description) changes.description = next.description;
  if (next.topics.join() !== previous.topics.join()) changes.topics = next.topics;
  if (next.format !== previous.format) changes.format = next.format;
  if (next.area !== previous.area) changes.area = next.area;
  if (next.address !== previous.address) changes.address = next.address;
  if (next.region !== previous.region) changes.region = next.region;
  if (next.time_zone !== previous.time_zone) changes.time_zone = next.time_zone;
  if (next.cost_note !== previous.cost_note) changes.cost_note = next.cost_note;
  return changes;
}

export function EditGroupDetails({ current }: { current: GroupWithVersion }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const initial = useMemo(() => valuesFromGroup(current.group), [current.group]);
  const [errors, setErrors] = useState<FormErrors<GroupField>>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: async (values: GroupFormValues) => {
      const { data, response } = await unwrap(
        api.PATCH("/api/v1/groups/{group_id}", {
          params: { path: { group_id: current.group.id }, header: current.etag ? { "If-Match": current.etag } : {} },
          body: groupUpdateFrom(initial, values),
        }),
      );
      return { group: data, etag: response.headers.get("ETag") };
    },
    onSuccess: async (next) => {
      queryClient.setQueryData(groupKeys.detail(current.group.id), next);
      setSaved("The group's details are saved.");
      await queryClient.invalidateQueries({ queryKey: groupKeys.all });
    },
    onError: (error) => {
      setErrors(error instanceof ApiError && error.status === 412 ? { fields: {}, general: STALE } : formErrorsFrom(error, GROUP_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  return (
    <section className="card" aria-labelledby="details-heading" id="details">
      <h2 id="details-heading">Group details</h2>
      <StatusMessage message={saved} />
      <GroupForm
        key={current.etag ?? current.group.id}
        initial={initial}
        mode="edit"
        errors={errors}
        pending={save.isPending}
        submitLabel="Save details"
        formRef={formRef}
        onChange={() => setSaved(null)}
        onSubmit={(values) => {
          setErrors(NO_ERRORS);
          save.mutate(values);
        }}
      />
    </section>
  );
}

export function ArchiveGroup({ current }: { current: GroupWithVersion }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const archive = useMutation({
    mutationFn: async () =>
      unwrap(
        api.DELETE("/api/v1/groups/{group_id}", {
          params: { path: { group_id: current.group.id }, header: current.etag ? { "If-Match": current.etag } : {} },
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: groupKeys.all });
      navigate("/groups", { replace: true });
    },
  });
  const message = archive.error instanceof ApiError && archive.error.status === 412 ? STALE : archive.error ? describeError(archive.error) : null;
  return (
    <section className="card card--danger" aria-labelledby="archive-heading" id="archive">
      <h2 id="archive-heading">Close this group</h2>
      <p>Closing cancels every future session and tells everyone booked. Members can no longer find or join it.</p>
      <FormAlert message={open ? null : message} />
      <button type="button" className="button button--danger-quiet" onClick={() => setOpen(true)}>
        Close the group…
      </button>
      <ConfirmDialog
        open={open}
        title={`Close ${current.group.name}?`}
        confirmLabel="Close the group"
        cancelLabel="Keep it open"
        danger
        busy={archive.isPending}
        onCancel={() => {
          setOpen(false);
          archive.reset();
        }}
        onConfirm={() => archive.mutate()}
      >
        <p>Future sessions will be cancelled and everyone booked will be told. This can't be undone here.</p>
        {message ? <p className="alert alert--error">{message}</p> : null}
      </ConfirmDialog>
    </section>
  );
}
