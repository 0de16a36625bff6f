import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { focusFirstInvalid } from "../../components/Field";
import { todayIso } from "../../lib/dates";
import { formErrorsFrom, NO_ERRORS, unwrap, type FormErrors } from "../../lib/problems";
import { PLAN_FIELDS, PlanForm, planWriteOf, type PlanField, type PlanFormValues } from "./PlanForm";
import { coachingKeys } from "./queries";
import { writeBody } from "./writable";

type PlanCreate = components["schemas"]["PlanCreate"];

interface StartPlanProps {
  /** Coaches start a plan for a member they coach; members leave it out for their own. */
  memberId?: string;
  memberName?: string;
  /** Where to go afterwards: the new plan's page by default. */
  stayHere?: boolean;
  onCancel?: () => void;
}

export function StartPlan({ memberId, memberName, stayHere = false, onCancel }: StartPlanProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors<PlanField>>(NO_ERRORS);
  const idempotencyKey = useRef(crypto.randomUUID());
  const initial: PlanFormValues = {
    title: memberName ? `${memberName}'s plan` : "My recovery plan",
    status: memberId ? "draft" : "active",
    start_date: todayIso(),
    review_date: "",
    focus_areas: "",
  };

  const create = useMutation({
    mutationFn: async (values: PlanFormValues) =>
      (
        await unwrap(
          api.POST("/api/v1/coaching-plans", {
            params: { header: { "Idempotency-Key": idempotencyKey.current } },
            body: writeBody<PlanCreate>({ ...planWriteOf(values), ...(memberId ? { member_id: memberId } : {}) }),
          }),
        )
      ).data,
    onSuccess: async (plan) => {
      await queryClient.invalidateQueries({ queryKey: ["coaching", "plans"] });
      queryClient.removeQueries({ queryKey: coachingKeys.plan(plan.id) });
      if (!stayHere) navigate(`/coaching/plans/${plan.id}`, { state: { notice: "The plan is ready." } });
    },
    onError: (error) => {
      idempotencyKey.current = crypto.randomUUID();
      setErrors(formErrorsFrom(error, PLAN_FIELDS));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    },
  });

  return (
    <PlanForm
      initial={initial}
      errors={errors}
      pending={create.isPending}
      submitLabel="Start the plan"
      label={memberName ? `Start a plan for ${memberName}` : "Start your plan"}
      formRef={formRef}
      onSubmit={(values) => {
        setErrors(NO_ERRORS);
        create.mutate(values);
      }}
      onCancel={onCancel}
    />
  );
}
