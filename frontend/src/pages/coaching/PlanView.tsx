import { Link } from "react-router";
import { QueryError } from "../../components/QueryError";
import { CheckInsSection } from "./CheckInsSection";
import { GoalsSection } from "./GoalsSection";
import { NotesSection } from "./NotesSection";
import { PlanOverview } from "./PlanOverview";
import { usePlan } from "./queries";

interface PlanViewProps {
  planId: string;
  viewerId: string;
  timeZone?: string;
  /** On the plan's own page its title is the h1; on "My plan" the overview card carries it. */
  titleIsPageHeading: boolean;
}

/** One plan, for its member or their coach: overview, goals and steps, notes, check-ins. */
export function PlanView({ planId, viewerId, timeZone, titleIsPageHeading }: PlanViewProps) {
  const plan = usePlan(planId);
  if (plan.isPending) return <p>Loading the plan…</p>;
  if (plan.isError) return <QueryError error={plan.error} onRetry={() => void plan.refetch()} />;
  const { member } = plan.data.plan;
  const isCoach = member.id !== viewerId;

  return (
    <>
      <p className="actions">
        {!isCoach ? (
          <Link className="button" to={`/coaching/plans/${planId}/check-in`}>
            Check in
          </Link>
        ) : null}
        <Link className="button button--quiet" to={`/coaching/plans/${planId}/progress`}>
          {isCoach ? `See ${member.display_name}'s progress` : "See my progress"}
        </Link>
      </p>
      <PlanOverview current={plan.data} viewerId={viewerId} titleIsPageHeading={titleIsPageHeading} />
      <GoalsSection planId={planId} viewerId={viewerId} timeZone={timeZone} />
      <NotesSection planId={planId} isCoach={isCoach} memberName={member.display_name} />
      <CheckInsSection planId={planId} isCoach={isCoach} memberName={member.display_name} timeZone={timeZone} />
    </>
  );
}
