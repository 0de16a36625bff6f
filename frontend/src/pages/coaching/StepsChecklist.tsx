import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Field } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/dates";
import { describeError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { coachingKeys, isDone, profileOf, useSteps, type Step } from "./queries";
import { patchBody, writeBody } from "./writable";
import type { components } from "../../api/schema";

type StepPage = components["schemas"]["StepPage"];
const STEP_FIELDS = ["title", "due_date"] as const;

/** Oldest first reads as a to-do list; the API pages newest first. */
function inListOrder(steps: readonly Step[]): Step[] {
  return [...steps].sort((a, b) => a.created_at.localeCompare(b.created_at));
}

interface StepsChecklistProps {
  planId: string;
  goalId: string;
  goalTitle: string;
  viewerId: string;
}

export function StepsChecklist({ planId, goalId, goalTitle, viewerId }: StepsChecklistProps) {
  const queryClient = useQueryClient();
  const steps = useSteps(planId, goalId);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Step | null>(null);
  const headingId = useId();
  const key = coachingKeys.steps(planId, goalId);

  function replaceStep(step: Step) {
    queryClient.setQueryData<StepPage>(key, (page) =>
      page ? { ...page, items: page.items.map((item) => (item.id === step.id ? step : item)) } : page,
    );
  }

  const tick = useMutation({
    mutationFn: async ({ step, done }: { step: Step; done: boolean }) =>
      (
        await unwrap(
          api.PATCH("/api/v1/coaching-plans/{plan_id}/goals/{goal_id}/steps/{step_id}", {
            params: { path: { plan_id: planId, goal_id: goalId, step_id: step.id } },
            body: patchBody<components["schemas"]["StepUpdate"]>({ done }),
          }),
        )
      ).data,
    // The tick shows at once; the server's answer (or, on failure, the old state) follows.
    onMutate: ({ step, done }) => {
      setStatus(null);
      replaceStep({ ...step, done_at: done ? (step.done_at ?? new Date().toISOString()) : null });
      return { before: step };
    },
    onSuccess: (step) => {
      replaceStep(step);
      setProblem(null);
      setStatus(isDone(step) ? `“${step.title}” is ticked off. Nice work.` : `“${step.title}” is open again.`);
    },
    onError: (error, _variables, context) => {
      if (context) replaceStep(context.before);
      setProblem(describeError(error));
    },
  });

  const remove = useMutation({
    mutationFn: async (step: Step) =>
      unwrap(
        api.DELETE("/api/v1/coaching-plans/{plan_id}/goals/{goal_id}/steps/{step_id}", {
          params: { path: { plan_id: planId, goal_id: goalId, step_id: step.id } },
        }),
      ),
    onSuccess: async (_result, step) => {
      setRemoving(null);
      setStatus(`“${step.title}” is removed.`);
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => {
      setRemoving(null);
      setProblem(describeError(error));
    },
  });

  const items = steps.data ? inListOrder(steps.data.items) : [];

  return (
    <div className="steps">
      <h4 id={headingId}>Steps</h4>
      {steps.isPending ? <p>Loading steps…</p> : null}
      {steps.isError ? <QueryError error={steps.error} onRetry={() => void steps.refetch()} /> : null}
      {steps.data && items.length === 0 ? <p className="muted">No steps yet. Small ones count.</p> : null}
      {items.length ? (
        <ul className="checklist" aria-labelledby={headingId}>
          {items.map((step) => {
            const done = isDone(step);
            const by = profileOf(step.updated_by);
            const checkboxId = `step-${step.id}`;
            return (
              <li key={step.id} className={done ? "checklist__item checklist__item--done" : "checklist__item"}>
                <div className="check">
                  <input
                    id={checkboxId}
                    type="checkbox"
                    checked={done}
                    disabled={tick.isPending && tick.variables?.step.id === step.id}
                    onChange={(event) => tick.mutate({ step, done: event.target.checked })}
                    aria-describedby={step.due_date || done ? `${checkboxId}-meta` : undefined}
                  />
                  <label htmlFor={checkboxId}>{step.title}</label>
                </div>
                {step.due_date || done ? (
                  <span className="checklist__due" id={`${checkboxId}-meta`}>
                    {done && step.done_at
                      ? `Done ${formatDate(step.done_at)}${by ? ` · ticked by ${by.id === viewerId ? "you" : by.display_name}` : ""}`
                      : `By ${formatDate(step.due_date)}`}
                  </span>
                ) : null}
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={`Remove step: ${step.title}`}
                  onClick={() => setRemoving(step)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <StatusMessage message={status} />
      <FormAlert message={problem} />
      <AddStep planId={planId} goalId={goalId} goalTitle={goalTitle} onAdded={(title) => setStatus(`“${title}” is added.`)} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this step?"
        confirmLabel="Remove the step"
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>“{removing?.title}” will be removed from this goal.</p>
      </ConfirmDialog>
    </div>
  );
}

function AddStep({
  planId,
  goalId,
  goalTitle,
  onAdded,
}: {
  planId: string;
  goalId: string;
  goalTitle: string;
  onAdded: (title: string) => void;
}) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const [errors, setErrors] = useState<FormErrors<(typeof STEP_FIELDS)[number]>>(NO_ERRORS);
  const idempotencyKey = useRef(crypto.randomUUID());

  const add = useMutation({
    mutationFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/coaching-plans/{plan_id}/goals/{goal_id}/steps", {
            params: {
              path: { plan_id: planId, goal_id: goalId },
              header: { "Idempotency-Key": idempotencyKey.current },
            },
            body: writeBody<Step>({ title: title.trim(), due_date: due || null }),
          }),
        )
      ).data,
    onSuccess: async (step) => {
      idempotencyKey.current = crypto.randomUUID();
      setTitle("");
      setDue("");
      onAdded(step.title);
      await queryClient.invalidateQueries({ queryKey: coachingKeys.steps(planId, goalId) });
    },
    onError: (error) => setErrors(formErrorsFrom(error, STEP_FIELDS)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(NO_ERRORS);
    if (!title.trim()) {
      setErrors({ fields: { title: ["Write the step in a few words."] }, general: null });
      return;
    }
    add.mutate();
  }

  function changed() {
    idempotencyKey.current = crypto.randomUUID();
  }

  return (
    <form className="form inline-form" onSubmit={submit} noValidate aria-label={`Add a step to: ${goalTitle}`}>
      <FormAlert message={errors.general} />
      <Field label="New step" name="step_title" errors={errors.fields.title}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={300}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
              changed();
            }}
          />
        )}
      </Field>
      <Field label="Step due date" name="step_due" tag="Optional" errors={errors.fields.due_date}>
        {(control) => (
          <input
            {...control}
            type="date"
            value={due}
            onChange={(event) => {
              setDue(event.target.value);
              changed();
            }}
          />
        )}
      </Field>
      <button type="submit" className="button button--small" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add step"}
      </button>
    </form>
  );
}
