import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { focusFirstInvalid } from "../../components/Field";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { formatDate } from "../../lib/dates";
import { describeError, formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { EMPTY_GOAL, GOAL_FIELDS, GoalForm, goalValuesOf, goalWriteOf, type GoalField, type GoalFormValues } from "./GoalForm";
import { GOAL_STATUS_LABELS } from "./labels";
import { invalidateGoals, profileOf, useGoals, type Goal } from "./queries";
import { StepsChecklist } from "./StepsChecklist";
import { patchBody, writeBody } from "./writable";

type GoalUpdate = components["schemas"]["GoalUpdate"];

/** Only the fields that changed, so the plan's change record says what really changed. */
export function goalChanges(before: GoalFormValues, after: GoalFormValues): Partial<ReturnType<typeof goalWriteOf>> {
  const old = goalWriteOf(before);
  const next = goalWriteOf(after);
  return Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== old[key]).map((key) => [key, next[key]]),
  );
}

/** Open goals first (oldest first, as they were added), achieved and set-aside ones after. */
function inPlanOrder(goals: readonly Goal[]): Goal[] {
  const rank = (goal: Goal) => (goal.status === "achieved" || goal.status === "set_aside" ? 1 : 0);
  return [...goals].sort((a, b) => rank(a) - rank(b) || a.created_at.localeCompare(b.created_at));
}

export function GoalsSection({ planId, viewerId, timeZone }: { planId: string; viewerId: string; timeZone?: string }) {
  const goals = useGoals(planId);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="goals-heading">
      <div className="goal__head">
        <h2 id="goals-heading">Goals</h2>
        {!adding ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setAdding(true)}>
            Add a goal
          </button>
        ) : null}
      </div>
      <StatusMessage message={status} />
      {adding ? (
        <AddGoal
          planId={planId}
          onDone={(message) => {
            setAdding(false);
            if (message) setStatus(message);
          }}
        />
      ) : null}
      {goals.isPending ? <p>Loading goals…</p> : null}
      {goals.isError ? <QueryError error={goals.error} onRetry={() => void goals.refetch()} /> : null}
      {goals.data && goals.data.items.length === 0 && !adding ? (
        <p className="muted">No goals yet. A good goal is small, specific and yours.</p>
      ) : null}
      {goals.data?.items.length ? (
        <ul className="goal-list">
          {inPlanOrder(goals.data.items).map((goal) => (
            <GoalItem key={goal.id} planId={planId} goal={goal} viewerId={viewerId} timeZone={timeZone} onStatus={setStatus} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function AddGoal({ planId, onDone }: { planId: string; onDone: (message?: string) => void }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors<GoalField>>(NO_ERRORS);
  const idempotencyKey = useRef(crypto.randomUUID());

  const create = useMutation({
    mutationFn: async (values: GoalFormValues) =>
      (
        await unwrap(
          api.POST("/api/v1/coaching-plans/{plan_id}/goals", {
            params: { path: { plan_id: planId }, header: { "Idempotency-Key": idempotencyKey.current } },
            body: writeBody<Goal>(goalWriteOf(values)),
          }),
        )
      ).data,
    onSuccess: async (goal) => {
      await invalidateGoals(queryClient, planId);
      onDone(`Your goal “${goal.what}” is added.`);
    },
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      setErrors(formErrorsFrom(error, GOAL_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  return (
    <div className="card card--notice">
      <h3>A new goal</h3>
      <GoalForm
        initial={EMPTY_GOAL}
        errors={errors}
        pending={create.isPending}
        submitLabel="Add the goal"
        label="A new goal"
        formRef={formRef}
        onSubmit={(values) => {
          setErrors(NO_ERRORS);
          create.mutate(values);
        }}
        onCancel={() => onDone()}
      />
    </div>
  );
}

interface GoalItemProps {
  planId: string;
  goal: Goal;
  viewerId: string;
  timeZone?: string;
  onStatus: (message: string) => void;
}

function GoalItem({ planId, goal, viewerId, onStatus }: GoalItemProps) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<FormErrors<GoalField>>(NO_ERRORS);
  const [problem, setProblem] = useState<string | null>(null);
  const changedBy = profileOf(goal.updated_by);
  const initial = goalValuesOf(goal);

  const save = useMutation({
    mutationFn: async (values: GoalFormValues) =>
      (
        await unwrap(
          api.PATCH("/api/v1/coaching-plans/{plan_id}/goals/{goal_id}", {
            params: { path: { plan_id: planId, goal_id: goal.id } },
            body: patchBody<GoalUpdate>(goalChanges(initial, values)),
          }),
        )
      ).data,
    onSuccess: async (saved) => {
      setEditing(false);
      await invalidateGoals(queryClient, planId);
      onStatus(saved.status === "achieved" ? `“${saved.what}” is achieved. Well done.` : `“${saved.what}” is saved.`);
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, GOAL_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        api.DELETE("/api/v1/coaching-plans/{plan_id}/goals/{goal_id}", {
          params: { path: { plan_id: planId, goal_id: goal.id } },
        }),
      ),
    onSuccess: async () => {
      setConfirming(false);
      await invalidateGoals(queryClient, planId);
      onStatus(`“${goal.what}” is removed from the plan.`);
    },
    onError: (error) => {
      setConfirming(false);
      setProblem(describeError(error));
    },
  });

  return (
    <li className="card goal">
      <div className="goal__head">
        <h3>{goal.what}</h3>
        <span className={goal.status === "achieved" ? "badge badge--earned" : "badge"}>{GOAL_STATUS_LABELS[goal.status]}</span>
      </div>
      <progress max={100} value={goal.progress_percent} aria-hidden="true" />
      <p className="changed-by">{goal.progress_percent}% of the way there</p>
      {editing ? (
        <GoalForm
          initial={initial}
          errors={errors}
          pending={save.isPending}
          submitLabel="Save the goal"
          label={`Edit goal: ${goal.what}`}
          formRef={formRef}
          onSubmit={(values) => {
            setErrors(NO_ERRORS);
            if (Object.keys(goalChanges(initial, values)).length === 0) {
              setEditing(false);
              return;
            }
            save.mutate(values);
          }}
          onCancel={() => {
            setErrors(NO_ERRORS);
            setEditing(false);
          }}
        />
      ) : (
        <>
          {goal.why || goal.measure || goal.target_date ? (
            <dl className="facts">
              {goal.why ? (
                <div>
                  <dt>Why it matters</dt>
                  <dd>{goal.why}</dd>
                </div>
              ) : null}
              {goal.measure ? (
                <div>
                  <dt>How you'll know</dt>
                  <dd>{goal.measure}</dd>
                </div>
              ) : null}
              {goal.target_date ? (
                <div>
                  <dt>By</dt>
                  <dd>{formatDate(goal.target_date)}</dd>
                </div>
              ) : null}
            </dl>
          ) : null}
          <StepsChecklist planId={planId} goalId={goal.id} goalTitle={goal.what} viewerId={viewerId} />
          {changedBy ? (
            <p className="changed-by">
              Last changed by {changedBy.id === viewerId ? "you" : changedBy.display_name} on {formatDate(goal.updated_at)}
            </p>
          ) : null}
          <FormAlert message={problem} />
          <div className="subtle-actions">
            <button type="button" className="button button--quiet button--small" onClick={() => setEditing(true)}>
              Edit goal
            </button>
            <button type="button" className="button button--danger-quiet button--small" onClick={() => setConfirming(true)}>
              Remove goal
            </button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="Remove this goal?"
        confirmLabel="Remove the goal"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>“{goal.what}” and its steps will be removed from the plan. Setting it aside keeps it instead.</p>
      </ConfirmDialog>
    </li>
  );
}
