import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { usePageTitle } from "../../components/usePageTitle";
import { NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { guessRegion } from "../crisis/region";
import { CuratorOnly } from "./components/CuratorOnly";
import { ResourceForm } from "./components/ResourceForm";
import { resourceKeys } from "./queries";
import {
  createBody,
  emptyResourceValues,
  resourceFormErrors,
  resourceWriteFrom,
  type ResourceField,
  type ResourceFormValues,
} from "./resourceForm";
import "./resources.css";

/** Add a directory entry (/resources/new). It starts unverified until someone checks it. */
export function NewResourcePage() {
  usePageTitle("Add a resource");
  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to="/resources">Find support services</Link>
      </p>
      <h1>Add a resource</h1>
      <CuratorOnly what="add directory entries">
        <NewResourceForm />
      </CuratorOnly>
    </article>
  );
}

function NewResourceForm() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors<ResourceField>>(NO_ERRORS);
  // One key per intended entry: a retried submission adds nothing twice.
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const initial = useMemo(
    () => emptyResourceValues(guessRegion(navigator.languages?.length ? navigator.languages : [navigator.language], "GB")),
    [],
  );

  const create = useMutation({
    mutationFn: async (values: ResourceFormValues) =>
      (
        await unwrap(
          api.POST("/api/v1/resources", {
            body: createBody(resourceWriteFrom(values)),
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
          }),
        )
      ).data,
    onSuccess: async (resource) => {
      await queryClient.invalidateQueries({ queryKey: resourceKeys.all });
      navigate(`/resources/${resource.id}`, {
        state: { notice: "Added. It shows as “not yet verified” until someone checks it against its source." },
      });
    },
    onError: (error) => setErrors(resourceFormErrors(error)),
  });

  return (
    <section className="card" aria-label="New resource">
      <p className="lead">Members rely on these details when they are struggling: copy them from the service's own website.</p>
      <ResourceForm
        initial={initial}
        errors={errors}
        pending={create.isPending}
        submitLabel="Add to the directory"
        onChange={() => {
          idempotencyKey.current = crypto.randomUUID();
        }}
        onSubmit={(values) => {
          setErrors(NO_ERRORS);
          create.mutate(values);
        }}
      />
    </section>
  );
}
