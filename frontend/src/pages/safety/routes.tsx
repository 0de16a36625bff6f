import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { lazyPage } from "../../lib/lazyPage";

// Each screen is fetched when first shown: moderation is for facilitators and admins only.
const AccessLogPage = lazyPage(() => import("./AccessLogPage"), "AccessLogPage");
const AppealsPage = lazyPage(() => import("./AppealsPage"), "AppealsPage");
const AuditLogPage = lazyPage(() => import("./AuditLogPage"), "AuditLogPage");
const ModerationPage = lazyPage(() => import("./ModerationPage"), "ModerationPage");
const NoticesPage = lazyPage(() => import("./NoticesPage"), "NoticesPage");

/** Moderation (facilitators and admins), a member's notices and their access log. */
export const safetyRoutes: RouteObject[] = [
  { path: "/moderation", element: <RequireAuth><ModerationPage /></RequireAuth> },
  { path: "/moderation/appeals", element: <RequireAuth><AppealsPage /></RequireAuth> },
  { path: "/moderation/audit", element: <RequireAuth><AuditLogPage /></RequireAuth> },
  { path: "/account/notices", element: <RequireAuth><NoticesPage /></RequireAuth> },
  { path: "/account/access-log", element: <RequireAuth><AccessLogPage /></RequireAuth> },
];
