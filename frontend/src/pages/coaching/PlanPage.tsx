import { Link, useLocation, useParams } from "react-router";
import { StatusMessage } from "../../components/FormAlert";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useMyProfile } from "../account/queries";
import { PlanView } from "./PlanView";
import { usePlan } from "./queries";
import "./coaching.css";

/** /coaching/plans/:planId: a plan for its member or their coach (linked from risk notifications). */
export function PlanPage() {
  const { planId = "" } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const me = useMyProfile();
  const plan = usePlan(planId);
  const title = plan.data?.plan.title ?? "Coaching plan";
  usePageTitle(title);
  const isCoach = Boolean(plan.data && me.data && plan.data.plan.member.id !== me.data.profile.id);

  return (
    <article className="page page--medium">
      <p className="breadcrumb">
        {isCoach ? <Link to="/coaching/coach">Your coaching dashboard</Link> : <Link to="/coaching">My plan</Link>}
      </p>
      <h1>{title}</h1>
      {isCoach && plan.data ? <p className="lead">{plan.data.plan.member.display_name}'s plan, which you support as their coach.</p> : null}
      <StatusMessage message={notice} />
      {me.isPending || plan.isPending ? <p>Loading the plan…</p> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {plan.isError ? <QueryError error={plan.error} onRetry={() => void plan.refetch()} /> : null}
      {me.data && plan.data ? (
        <PlanView planId={planId} viewerId={me.data.profile.id} timeZone={me.data.profile.time_zone} titleIsPageHeading />
      ) : null}
    </article>
  );
}
