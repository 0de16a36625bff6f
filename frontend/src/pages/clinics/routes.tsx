import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { lazyPage } from "../../lib/lazyPage";

// Each screen is fetched when first shown: most members never open the clinic or admin ones.
const ClinicAdminPage = lazyPage(() => import("./admin/ClinicAdminPage"), "ClinicAdminPage");
const ClinicsAdminPage = lazyPage(() => import("./admin/ClinicsAdminPage"), "ClinicsAdminPage");
const NewClinicPage = lazyPage(() => import("./admin/NewClinicPage"), "NewClinicPage");
const ConsentsPage = lazyPage(() => import("./ConsentsPage"), "ConsentsPage");
const ReviewProposalPage = lazyPage(() => import("./ReviewProposalPage"), "ReviewProposalPage");
const ShareWithClinicPage = lazyPage(() => import("./ShareWithClinicPage"), "ShareWithClinicPage");

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
