import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../../api/client";
import { Field, focusFirstInvalid } from "../../../components/Field";
import { FormAlert } from "../../../components/FormAlert";
import { usePageTitle } from "../../../components/usePageTitle";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../../lib/problems";
import { regionName } from "../../crisis/region";
import { COMMON_REGIONS, withCurrent } from "../../resources/labels";
import { clinicKeys } from "../queries";
import { AdminOnly } from "./AdminOnly";
import { CLINIC_FIELDS, clinicBody, EMPTY_CLINIC, validateClinic, type ClinicField, type ClinicValues } from "./clinicForm";
import "../clinics.css";

/** Admins register a partner clinic (/admin/clinics/new). */
export function NewClinicPage() {
  usePageTitle("Add a partner clinic");
  return (
    <article className="page page--form clinics-admin">
      <p className="breadcrumb">
        <Link to="/admin/clinics">Partner clinics</Link>
      </p>
      <h1>Add a partner clinic</h1>
      <AdminOnly>
        <NewClinicForm />
      </AdminOnly>
    </article>
  );
}

function NewClinicForm() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const [values, setValues] = useState<ClinicValues>(EMPTY_CLINIC);
  const [errors, setErrors] = useState<FormErrors<ClinicField>>(NO_ERRORS);

  const create = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/clinics", {
            body: clinicBody(values),
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
          }),
        )
      ).data,
    onSuccess: async (clinic) => {
      await queryClient.invalidateQueries({ queryKey: clinicKeys.clinics });
      navigate(`/admin/clinics/${clinic.id}`, {
        state: { notice: `${clinic.name} is added. Members can now choose to share with it. Next, issue it an API client.` },
      });
    },
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      setErrors(formErrorsFrom(error, CLINIC_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  function update(patch: Partial<ClinicValues>) {
    const next = { ...values, ...patch };
    setValues(next);
    idempotencyKey.current = crypto.randomUUID();
    if (Object.keys(errors.fields).length) {
      const fields = validateClinic(next);
      setErrors({ fields, general: Object.keys(fields).length ? errors.general : null });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = validateClinic(values);
    if (Object.keys(fields).length) {
      setErrors({ fields, general: "Some answers need another look: see the messages by each field." });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setErrors(NO_ERRORS);
    create.mutate();
  }

  return (
    <form ref={formRef} className="form card" noValidate onSubmit={submit} aria-label="New clinic">
      <p className="lead">Members see the name, description and website when they choose whom to share with.</p>
      <FormAlert message={errors.general} />
      <Field label="Name" name="name" errors={errors.fields.name} hint="As members know it, for example Harbour Community Clinic.">
        {(control) => <input {...control} type="text" maxLength={160} autoComplete="off" value={values.name} onChange={(event) => update({ name: event.target.value })} />}
      </Field>
      <Field label="Website" name="website" tag="optional" errors={errors.fields.website} hint="The full address, starting with https://">
        {(control) => (
          <input {...control} type="url" inputMode="url" maxLength={500} placeholder="https://" value={values.website} onChange={(event) => update({ website: event.target.value })} />
        )}
      </Field>
      <Field
        label="Contact email"
        name="contact_email"
        tag="optional"
        errors={errors.fields.contact_email}
        hint="The organisation's shared address, not a person's."
      >
        {(control) => (
          <input {...control} type="email" maxLength={254} autoComplete="off" value={values.contactEmail} onChange={(event) => update({ contactEmail: event.target.value })} />
        )}
      </Field>
      <Field label="Country" name="region" errors={errors.fields.region}>
        {(control) => (
          <select {...control} value={values.region} onChange={(event) => update({ region: event.target.value })}>
            <option value="">Not set</option>
            {withCurrent(COMMON_REGIONS, values.region).map((code) => (
              <option key={code} value={code}>
                {regionName(code)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" name="description" tag="optional" errors={errors.fields.description} hint="One or two plain sentences about the service.">
        {(control) => (
          <textarea {...control} rows={3} maxLength={1100} value={values.description} onChange={(event) => update({ description: event.target.value })} />
        )}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add clinic"}
        </button>
        <Link to="/admin/clinics" className="button button--quiet">
          Cancel
        </Link>
      </div>
    </form>
  );
}
