import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { AccessLogPage } from "./AccessLogPage";
import { AppealsPage } from "./AppealsPage";
import { AuditLogPage } from "./AuditLogPage";
import { ModerationPage } from "./ModerationPage";
import { NoticesPage } from "./NoticesPage";

/** Moderation (facilitators and admins), a member's notices and their access log. */
export const safetyRoutes: RouteObject[] = [
  { path: "/moderation", element: <RequireAuth><ModerationPage /></RequireAuth> },
  { path: "/moderation/appeals", element: <RequireAuth><AppealsPage /></RequireAuth> },
  { path: "/moderation/audit", element: <RequireAuth><AuditLogPage /></RequireAuth> },
  { path: "/account/notices", element: <RequireAuth><NoticesPage /></RequireAuth> },
  { path: "/account/access-log", element: <RequireAuth><AccessLogPage /></RequireAuth> },
];
