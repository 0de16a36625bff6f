import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { FormAlert } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { ApiError, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { CuratorOnly } from "./components/CuratorOnly";
import { ResourceForm } from "./components/ResourceForm";
import { resourceKeys, storeResource, useResource, type ResourceWithVersion } from "./queries";
import {
  resourceChanges,
  resourceFormErrors,
  updateBody,
  valuesFromResource,
  type ResourceField,
  type ResourceFormValues,
} from "./resourceForm";
import "./resources.css";

/** Edit a directory entry (/resources/:resourceId/edit); only the changed fields are sent. */
export function EditResourcePage() {
  const { resourceId = "" } = useParams();
  const entry = useResource(resourceId);
  usePageTitle(entry.data ? `Edit ${entry.data.resource.name}` : "Edit resource");

  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to={`/resources/${resourceId}`}>{entry.data?.resource.name ?? "Back to the resource"}</Link>
      </p>
      <h1>Edit resource</h1>
      <CuratorOnly what="edit directory entries">
        {entry.isPending ? <p>Loading…</p> : null}
        {entry.isError ? <QueryError error={entry.error} onRetry={() => void entry.refetch()} /> : null}
        {/* A fresh form whenever a newer version is loaded (after "load their changes"). */}
        {entry.data ? <EditForm key={entry.data.etag ?? entry.data.resource.updated_at} entry={entry.data} /> : null}
      </CuratorOnly>
    </article>
  );
}

function EditForm({ entry }: { entry: ResourceWithVersion }) {
  const { resource, etag } = entry;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const initial = useMemo(() => valuesFromResource(resource), [resource]);
  const [errors, setErrors] = useState<FormErrors<ResourceField>>(NO_ERRORS);
  const [conflict, setConflict] = useState(false);

  const save = useMutation({
    mutationFn: async (values: ResourceFormValues) => {
      const { data, response } = await unwrap(
        api.PATCH("/api/v1/resources/{resource_id}", {
          params: { path: { resource_id: resource.id }, header: etag ? { "If-Match": etag } : {} },
          body: updateBody(resourceChanges(initial, values)),
        }),
      );
      return { resource: data, etag: response.headers.get("ETag") };
    },
    onSuccess: async (saved) => {
      await storeResource(queryClient, saved.resource, saved.etag);
      navigate(`/resources/${resource.id}`, { state: { notice: "Changes saved." } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) {
        setConflict(true);
        return;
      }
      setErrors(resourceFormErrors(error));
    },
  });

  function submit(values: ResourceFormValues) {
    setErrors(NO_ERRORS);
    setConflict(false);
    if (Object.keys(resourceChanges(initial, values)).length === 0) {
      setErrors({ fields: {}, general: "Nothing has changed yet." });
      return;
    }
    save.mutate(values);
  }

  return (
    <section className="card" aria-label="Resource details">
      {conflict ? (
        <FormAlert message="Someone else changed this entry while you were editing, so your changes were not saved.">
          <p>
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => void queryClient.invalidateQueries({ queryKey: resourceKeys.detail(resource.id) })}
            >
              Load their changes
            </button>
          </p>
        </FormAlert>
      ) : null}
      <ResourceForm initial={initial} errors={errors} pending={save.isPending} submitLabel="Save changes" onSubmit={submit} />
    </section>
  );
}
