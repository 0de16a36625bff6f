import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Field, focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { todayIso } from "../../lib/dates";
import { ApiError, formErrorsFrom, unwrap, type FormErrors } from "../../lib/problems";
import { listTimeZones, timeZoneLabel } from "../../lib/timeZones";
import { useCountryChoices } from "../crisis/queries";
import { profileKey, type MemberPrivate, type MemberUpdate, type ProfileWithVersion } from "./queries";

const FIELDS = ["display_name", "pronouns", "bio", "time_zone", "country", "recovery_start_date"] as const;
type ProfileField = (typeof FIELDS)[number];
type FormValues = Record<ProfileField, string>;

function valuesOf(profile: MemberPrivate): FormValues {
  return {
    display_name: profile.display_name ?? "",
    pronouns: profile.pronouns ?? "",
    bio: profile.bio ?? "",
    time_zone: profile.time_zone ?? "",
    country: profile.country ?? "",
    recovery_start_date: profile.recovery_start_date ?? "",
  };
}

/** Only the fields that changed; empty optional fields are sent as null (cleared). */
export function changedFields(before: FormValues, after: FormValues): MemberUpdate {
  const changes: MemberUpdate = {};
  const displayName = after.display_name.trim();
  if (displayName !== before.display_name) changes.display_name = displayName;
  if (after.time_zone !== before.time_zone) changes.time_zone = after.time_zone;
  if (after.country !== before.country) changes.country = after.country === "" ? null : after.country;
  for (const name of ["pronouns", "bio", "recovery_start_date"] as const) {
    const value = after[name].trim();
    if (value !== before[name]) changes[name] = value === "" ? null : value;
  }
  return changes;
}

export function ProfileForm({ current }: { current: ProfileWithVersion }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const saved = useMemo(() => valuesOf(current.profile), [current.profile]);
  const [values, setValues] = useState<FormValues>(saved);
  const [errors, setErrors] = useState<FormErrors<ProfileField>>({ fields: {}, general: null });
  const [status, setStatus] = useState<string | null>(null);
  const zones = useMemo(() => listTimeZones(saved.time_zone), [saved.time_zone]);
  const countries = useCountryChoices();

  const save = useMutation({
    mutationFn: async (changes: MemberUpdate) => {
      const { data, response } = await unwrap(
        api.PATCH("/api/v1/members/me", {
          body: changes,
          params: { header: current.etag ? { "If-Match": current.etag } : {} },
        }),
      );
      return { profile: data, etag: response.headers.get("ETag") };
    },
    onSuccess: (next) => {
      queryClient.setQueryData(profileKey, next);
      if (!next.etag) void queryClient.invalidateQueries({ queryKey: profileKey });
      setValues(valuesOf(next.profile));
      setStatus("Your profile is saved.");
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) {
        setErrors({
          fields: {},
          general:
            "Your profile was changed somewhere else since this page opened. Reload it to see the latest version, then make your change again.",
        });
        return;
      }
      setErrors(formErrorsFrom(error, FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  const stale = save.error instanceof ApiError && save.error.status === 412;

  async function reload() {
    const fresh = await queryClient.fetchQuery({ queryKey: profileKey, staleTime: 0 }).catch(() => null);
    if (fresh) setValues(valuesOf((fresh as ProfileWithVersion).profile));
    setErrors({ fields: {}, general: null });
    save.reset();
  }

  function update(name: ProfileField, value: string) {
    setValues((currentValues) => ({ ...currentValues, [name]: value }));
    setStatus(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({ fields: {}, general: null });
    setStatus(null);
    const changes = changedFields(saved, values);
    if (Object.keys(changes).length === 0) {
      setStatus("Nothing has changed, so there was nothing to save.");
      return;
    }
    save.mutate(changes);
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate aria-labelledby="profile-heading">
      <FormAlert message={errors.general}>
        {stale ? (
          <button type="button" className="button button--quiet button--small" onClick={reload}>
            Reload my profile
          </button>
        ) : null}
      </FormAlert>
      <fieldset>
        <legend>Shown to other members</legend>
        <Field
          label="Display name"
          name="display_name"
          errors={errors.fields.display_name}
          hint="Pseudonyms welcome."
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="nickname"
              required
              minLength={2}
              maxLength={60}
              value={values.display_name}
              onChange={(event) => update("display_name", event.target.value)}
            />
          )}
        </Field>
        <Field label="Pronouns" name="pronouns" errors={errors.fields.pronouns} hint="Optional, for example she/her or they/them.">
          {(control) => (
            <input
              {...control}
              type="text"
              maxLength={40}
              value={values.pronouns}
              onChange={(event) => update("pronouns", event.target.value)}
            />
          )}
        </Field>
        <Field label="About you" name="bio" errors={errors.fields.bio} hint="Optional, up to 500 characters.">
          {(control) => (
            <textarea
              {...control}
              rows={4}
              maxLength={500}
              value={values.bio}
              onChange={(event) => update("bio", event.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Only you can see these</legend>
        <Field label="Time zone" name="time_zone" errors={errors.fields.time_zone}>
          {(control) => (
            <select {...control} value={values.time_zone} onChange={(event) => update("time_zone", event.target.value)}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {timeZoneLabel(zone)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Country"
          name="country"
          errors={errors.fields.country}
          hint="Optional. Where you are, so crisis help shows the right emergency numbers and lines. Otherwise your time zone decides."
        >
          {(control) => (
            <select {...control} value={values.country} onChange={(event) => update("country", event.target.value)}>
              <option value="">Not set (use my time zone)</option>
              {values.country && !countries.data?.some((choice) => choice.code === values.country) ? (
                <option value={values.country}>{values.country}</option>
              ) : null}
              {countries.data?.map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {choice.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Recovery start date"
          name="recovery_start_date"
          tag="Private"
          errors={errors.fields.recovery_start_date}
          hint="Optional. Never shown to other members. Leave empty if you'd rather not say."
        >
          {(control) => (
            <input
              {...control}
              type="date"
              max={todayIso()}
              value={values.recovery_start_date}
              onChange={(event) => update("recovery_start_date", event.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <StatusMessage message={status} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}
