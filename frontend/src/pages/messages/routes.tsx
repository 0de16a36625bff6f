import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { lazyPage } from "../../lib/lazyPage";

const MessagesPage = lazyPage(() => import("./MessagesPage"), "MessagesPage");

/** Messages between a member and their coach (spread into the layout's children). */
export const messageRoutes: RouteObject[] = [
  { path: "/coaching/relationships/:relationshipId/messages", element: <RequireAuth><MessagesPage /></RequireAuth> },
];
