import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { CheckInPage } from "./CheckInPage";
import { CoachDashboardPage } from "./CoachDashboardPage";
import { MyPlanPage } from "./CoachingPage";
import { PlanPage } from "./PlanPage";

/**
 * The coaching screens, as children of the app's <Layout /> route (spread them into its
 * `children`, replacing the old `/coaching` entry). Every one needs sign-in.
 */
export const coachingRoutes: RouteObject[] = [
  { path: "/coaching", element: <RequireAuth><MyPlanPage /></RequireAuth> },
  { path: "/coaching/my-plan", element: <RequireAuth><MyPlanPage ownPlan /></RequireAuth> },
  { path: "/coaching/coach", element: <RequireAuth><CoachDashboardPage /></RequireAuth> },
  { path: "/coaching/plans/:planId", element: <RequireAuth><PlanPage /></RequireAuth> },
  { path: "/coaching/plans/:planId/check-in", element: <RequireAuth><CheckInPage /></RequireAuth> },
  {
    path: "/coaching/plans/:planId/progress",
    // Chart.js loads only with the progress page, in a chunk of its own.
    lazy: async () => {
      const { ProgressPage } = await import("./ProgressPage");
      return { element: <RequireAuth><ProgressPage /></RequireAuth> };
    },
  },
];
