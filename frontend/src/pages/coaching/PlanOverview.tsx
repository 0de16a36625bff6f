import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { focusFirstInvalid } from "../../components/Field";
import { StatusMessage } from "../../components/FormAlert";
import { formatDate } from "../../lib/dates";
import { ApiError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { PLAN_STATUS_LABELS } from "./labels";
import { PLAN_FIELDS, PlanForm, planValuesOf, planWriteOf, type PlanField, type PlanFormValues } from "./PlanForm";
import { coachingKeys, profileOf, type PlanWithVersion } from "./queries";
import { patchBody } from "./writable";

type PlanUpdate = components["schemas"]["PlanUpdate"];

/** Only what changed (focus areas compared as a list). */
export function planChanges(before: PlanFormValues, after: PlanFormValues): Partial<ReturnType<typeof planWriteOf>> {
  const old = planWriteOf(before);
  const next = planWriteOf(after);
  const changes: Partial<ReturnType<typeof planWriteOf>> = {};
  if (next.title !== old.title) changes.title = next.title;
  if (next.status !== old.status) changes.status = next.status;
  if (next.start_date !== old.start_date) changes.start_date = next.start_date;
  if (next.review_date !== old.review_date) changes.review_date = next.review_date;
  if (next.focus_areas.join("\n") !== old.focus_areas.join("\n")) changes.focus_areas = next.focus_areas;
  return changes;
}

interface PlanOverviewProps {
  current: PlanWithVersion;
  viewerId: string;
  /** The plan's title is the page's h1 already; otherwise it heads this card. */
  titleIsPageHeading: boolean;
}

/** The plan at a glance (status, dates, focus areas, who changed it) and its edit form. */
export function PlanOverview({ current, viewerId, titleIsPageHeading }: PlanOverviewProps) {
  const { plan } = current;
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [editing, setEditing] = useState(false);
  const [errors, setErrors] = useState<FormErrors<PlanField>>(NO_ERRORS);
  const [status, setStatus] = useState<string | null>(null);
  const changedBy = profileOf(plan.updated_by);
  const initial = planValuesOf(plan);

  const save = useMutation({
    mutationFn: async (changes: Partial<ReturnType<typeof planWriteOf>>) => {
      const { data, response } = await unwrap(
        api.PATCH("/api/v1/coaching-plans/{plan_id}", {
          params: { path: { plan_id: plan.id }, header: current.etag ? { "If-Match": current.etag } : {} },
          body: patchBody<PlanUpdate>(changes),
        }),
      );
      return { plan: data, etag: response.headers.get("ETag") };
    },
    onSuccess: (next) => {
      queryClient.setQueryData(coachingKeys.plan(plan.id), next);
      void queryClient.invalidateQueries({ queryKey: ["coaching", "plans"] });
      setEditing(false);
      setStatus("The plan is saved.");
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) {
        setErrors({
          fields: {},
          general: "This plan was changed by someone else since you opened it. The latest version is loaded now: make your change again.",
        });
        void queryClient.invalidateQueries({ queryKey: coachingKeys.plan(plan.id) });
        setEditing(false);
        return;
      }
      setErrors(formErrorsFrom(error, PLAN_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  const heading = titleIsPageHeading ? "About this plan" : plan.title;

  return (
    <section className="card" aria-labelledby="plan-heading">
      <div className="goal__head">
        <h2 id="plan-heading">{heading}</h2>
        <span className="badge">{PLAN_STATUS_LABELS[plan.status]}</span>
      </div>
      <StatusMessage message={status} />
      {errors.general && !editing ? (
        <div role="alert" className="alert alert--error">
          <p>{errors.general}</p>
        </div>
      ) : null}
      {editing ? (
        <PlanForm
          key={current.etag ?? plan.updated_at}
          initial={initial}
          errors={errors}
          pending={save.isPending}
          submitLabel="Save the plan"
          label="Edit the plan"
          formRef={formRef}
          onSubmit={(values) => {
            setErrors(NO_ERRORS);
            setStatus(null);
            const changes = planChanges(initial, values);
            if (Object.keys(changes).length === 0) {
              setEditing(false);
              setStatus("Nothing has changed, so there was nothing to save.");
              return;
            }
            save.mutate(changes);
          }}
          onCancel={() => {
            setErrors(NO_ERRORS);
            setEditing(false);
          }}
        />
      ) : (
        <>
          <dl className="facts facts--wide">
            <div>
              <dt>Status</dt>
              <dd>{PLAN_STATUS_LABELS[plan.status]}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{plan.start_date ? formatDate(plan.start_date) : "No start date"}</dd>
            </div>
            <div>
              <dt>Review</dt>
              <dd>{plan.review_date ? formatDate(plan.review_date) : "No review date yet"}</dd>
            </div>
            <div>
              <dt>Focus areas</dt>
              <dd>
                {plan.focus_areas?.length ? (
                  <ul className="tags">
                    {plan.focus_areas.map((area) => (
                      <li key={area} className="tag">
                        {area}
                      </li>
                    ))}
                  </ul>
                ) : (
                  "None chosen yet"
                )}
              </dd>
            </div>
          </dl>
          {changedBy ? (
            <p className="changed-by">
              Last changed by {changedBy.id === viewerId ? "you" : changedBy.display_name} on {formatDate(plan.updated_at)}
            </p>
          ) : null}
          <div className="subtle-actions">
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => {
                setErrors(NO_ERRORS);
                setStatus(null);
                setEditing(true);
              }}
            >
              Edit plan
            </button>
          </div>
        </>
      )}
    </section>
  );
}
