import { Link, Navigate } from "react-router";
import { QueryError } from "../../components/QueryError";
import { RequireAuth } from "../../components/RequireAuth";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate } from "../../lib/dates";
import { useMyProfile } from "../account/queries";
import { CoachSection } from "./CoachSection";
import { PLAN_STATUS_LABELS } from "./labels";
import { PlanView } from "./PlanView";
import { usePlans, type Plan } from "./queries";
import { StartPlan } from "./StartPlan";
import "./coaching.css";

/** The plan to show first: the newest one that is not completed, else the newest. */
export function currentPlan(plans: readonly Plan[]): Plan | null {
  return plans.find((plan) => plan.status !== "completed") ?? plans[0] ?? null;
}

/**
 * "My plan": the member's coach (or asking one), their current plan with goals and steps, and
 * starting a plan when there is none. Coaches are taken to their dashboard unless `ownPlan`.
 */
export function MyPlanPage({ ownPlan = false }: { ownPlan?: boolean }) {
  usePageTitle("My plan");
  const me = useMyProfile();
  const plans = usePlans();
  const viewerId = me.data?.profile.id;

  if (!ownPlan && me.data?.profile.role === "coach") return <Navigate to="/coaching/coach" replace />;

  const mine = (plans.data?.items ?? []).filter((plan) => plan.member.id === viewerId);
  const current = currentPlan(mine);
  const others = mine.filter((plan) => plan.id !== current?.id);

  return (
    <article className="page page--medium">
      <h1>My plan</h1>
      <p className="lead">Your goals, small steps and check-ins, at your own pace. Private to you and your coach.</p>
      {me.data?.profile.role === "coach" ? (
        <p>
          <Link to="/coaching/coach">Your coaching dashboard</Link>
        </p>
      ) : null}
      {me.isPending || plans.isPending ? <p>Loading your plan…</p> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {plans.isError ? <QueryError error={plans.error} onRetry={() => void plans.refetch()} /> : null}
      {me.data && plans.data ? (
        <>
          <CoachSection viewerId={me.data.profile.id} />
          {current ? (
            <PlanView
              planId={current.id}
              viewerId={me.data.profile.id}
              timeZone={me.data.profile.time_zone}
              titleIsPageHeading={false}
            />
          ) : (
            <section className="card" aria-labelledby="start-heading">
              <h2 id="start-heading">Start your plan</h2>
              <p>
                A plan is a place for what matters to you right now: a few focus areas, goals that are small and
                specific, and the steps towards them. You can change it any time.
              </p>
              <StartPlan stayHere />
            </section>
          )}
          {others.length ? (
            <section className="card" aria-labelledby="other-plans-heading">
              <h2 id="other-plans-heading">Your other plans</h2>
              <ul className="listings">
                {others.map((plan) => (
                  <li key={plan.id}>
                    <Link to={`/coaching/plans/${plan.id}`}>{plan.title}</Link>{" "}
                    <span className="muted">
                      · {PLAN_STATUS_LABELS[plan.status]}
                      {plan.start_date ? ` · started ${formatDate(plan.start_date)}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </article>
  );
}

/** /coaching (kept as the placeholder's export, so the existing route keeps working). */
export function CoachingPage() {
  return (
    <RequireAuth>
      <MyPlanPage />
    </RequireAuth>
  );
}
