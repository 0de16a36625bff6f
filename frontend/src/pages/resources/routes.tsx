import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { EditResourcePage } from "./EditResourcePage";
import { NewResourcePage } from "./NewResourcePage";
import { ReferMemberPage } from "./ReferMemberPage";
import { ReferralsPage } from "./ReferralsPage";
import { ResourcePage } from "./ResourcePage";
import { ResourcesPage } from "./ResourcesPage";
import { SavedResourcesPage } from "./SavedResourcesPage";

/**
 * The resource directory screens, as children of the app's <Layout /> route (spread them into
 * its `children`, replacing the old `/resources` entry). The finder explains itself to visitors
 * who are signed out; every other screen needs sign-in. Static segments ("saved", "new") rank
 * above ":resourceId", so their order here does not matter.
 */
export const resourceRoutes: RouteObject[] = [
  { path: "/resources", element: <ResourcesPage /> },
  { path: "/resources/saved", element: <RequireAuth><SavedResourcesPage /></RequireAuth> },
  { path: "/resources/referrals", element: <RequireAuth><ReferralsPage /></RequireAuth> },
  { path: "/resources/new", element: <RequireAuth><NewResourcePage /></RequireAuth> },
  { path: "/resources/:resourceId", element: <RequireAuth><ResourcePage /></RequireAuth> },
  { path: "/resources/:resourceId/edit", element: <RequireAuth><EditResourcePage /></RequireAuth> },
  { path: "/resources/:resourceId/refer", element: <RequireAuth><ReferMemberPage /></RequireAuth> },
];
