import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { ClinicAdminPage } from "./admin/ClinicAdminPage";
import { ClinicsAdminPage } from "./admin/ClinicsAdminPage";
import { NewClinicPage } from "./admin/NewClinicPage";
import { ConsentsPage } from "./ConsentsPage";
import { ReviewProposalPage } from "./ReviewProposalPage";
import { ShareWithClinicPage } from "./ShareWithClinicPage";

/**
 * Partner clinics: a member's consents (what each clinic may see; grant, answer a proposal,
 * stop) and the admins' clinics and API clients. Every screen needs sign-in; the admin screens
 * tell anyone else they are for admins. Static segments ("share", "new") rank above params.
 */
export const clinicRoutes: RouteObject[] = [
  { path: "/account/clinics", element: <RequireAuth><ConsentsPage /></RequireAuth> },
  { path: "/account/clinics/share", element: <RequireAuth><ShareWithClinicPage /></RequireAuth> },
  { path: "/account/clinics/review/:consentId", element: <RequireAuth><ReviewProposalPage /></RequireAuth> },
  { path: "/admin/clinics", element: <RequireAuth><ClinicsAdminPage /></RequireAuth> },
  { path: "/admin/clinics/new", element: <RequireAuth><NewClinicPage /></RequireAuth> },
  { path: "/admin/clinics/:clinicId", element: <RequireAuth><ClinicAdminPage /></RequireAuth> },
];
