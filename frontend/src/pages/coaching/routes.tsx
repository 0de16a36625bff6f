import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { lazyPage } from "../../lib/lazyPage";

// Each screen is fetched when first shown; Chart.js comes only with the progress page.
const CheckInPage = lazyPage(() => import("./CheckInPage"), "CheckInPage");
const CoachDashboardPage = lazyPage(() => import("./CoachDashboardPage"), "CoachDashboardPage");
const MyPlanPage = lazyPage(() => import("./CoachingPage"), "MyPlanPage");
const PlanPage = lazyPage(() => import("./PlanPage"), "PlanPage");
const ProgressPage = lazyPage(() => import("./ProgressPage"), "ProgressPage");

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
  { path: "/coaching/plans/:planId/progress", element: <RequireAuth><ProgressPage /></RequireAuth> },
];
