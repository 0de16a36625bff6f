import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { focusFirstInvalid } from "../../components/Field";
import { usePageTitle } from "../../components/usePageTitle";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { guessTimeZone } from "../../lib/timeZones";
import { useCanCreateGroups, useMyProfile } from "../account/queries";
import { guessRegion } from "../crisis/region";
import { GROUP_FIELDS, GroupForm, groupWriteFrom, type GroupField, type GroupFormValues } from "./GroupForm";
import { groupKeys } from "./queries";

export function CreateGroupPage() {
  usePageTitle("Start a group");
  const me = useMyProfile();
  const canCreate = useCanCreateGroups();

  return (
    <article className="page page--form">
      <p className="breadcrumb">
        <Link to="/groups">All groups</Link>
      </p>
      <h1>Start a group</h1>
      {me.isPending ? <p>Loading…</p> : null}
      {me.data && !canCreate ? (
        <div className="card">
          <p>Groups are started by Peerway facilitators. If you'd like to facilitate, we'd love to hear from you.</p>
          <p>
            <Link to="/groups">Find a group to join</Link>
          </p>
        </div>
      ) : null}
      {me.data && canCreate ? <CreateGroupForm timeZone={me.data.profile.time_zone} /> : null}
    </article>
  );
}

function CreateGroupForm({ timeZone }: { timeZone: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors<GroupField>>(NO_ERRORS);
  // One key per intended group: a retried submission creates nothing new.
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const initial = useMemo<GroupFormValues>(
    () => ({
      name: "",
      description: "",
      topics: [],
      format: "online",
      area: "",
      address: "",
      region: guessRegion(navigator.languages?.length ? navigator.languages : [navigator.language], "GB"),
      language: "en",
      time_zone: timeZone || guessTimeZone(),
      join_policy: "open",
      visibility: "public",
      is_free: true,
      cost_note: "",
      guidelines: "",
    }),
    [timeZone],
  );

  const create = useMutation({
    mutationFn: async (values: GroupFormValues) =>
      (
        await unwrap(
          api.POST("/api/v1/groups", {
            body: groupWriteFrom(values),
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
          }),
        )
      ).data,
    onSuccess: async (group) => {
      await queryClient.invalidateQueries({ queryKey: groupKeys.all });
      navigate(`/groups/${group.id}`, {
        state: { notice: "Your group is ready. When you're ready, schedule its first session." },
      });
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, GROUP_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  return (
    <section className="card" aria-label="New group">
      <p className="lead">You'll be its first facilitator. You can change any of this later.</p>
      <GroupForm
        initial={initial}
        mode="create"
        errors={errors}
        pending={create.isPending}
        submitLabel="Create the group"
        formRef={formRef}
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
