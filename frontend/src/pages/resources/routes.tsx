import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { lazyPage } from "../../lib/lazyPage";

// Each screen is fetched when first shown (the finder and a resource page are separate chunks).
const EditResourcePage = lazyPage(() => import("./EditResourcePage"), "EditResourcePage");
const NewResourcePage = lazyPage(() => import("./NewResourcePage"), "NewResourcePage");
const ReferMemberPage = lazyPage(() => import("./ReferMemberPage"), "ReferMemberPage");
const ReferralsPage = lazyPage(() => import("./ReferralsPage"), "ReferralsPage");
const ResourcePage = lazyPage(() => import("./ResourcePage"), "ResourcePage");
const ResourcesPage = lazyPage(() => import("./ResourcesPage"), "ResourcesPage");
const SavedResourcesPage = lazyPage(() => import("./SavedResourcesPage"), "SavedResourcesPage");

/**
 * The resource directory screens, as children of the app's <Layout /> route (spread them into
 * its `children`, replacing the old `/resources` entry). The finder and a resource's page are open
 * to signed-out visitors; every other screen needs sign-in. Static segments ("saved", "new") rank
 * above ":resourceId", so their order here does not matter.
 */
export const resourceRoutes: RouteObject[] = [
  { path: "/resources", element: <ResourcesPage /> },
  { path: "/resources/saved", element: <RequireAuth><SavedResourcesPage /></RequireAuth> },
  { path: "/resources/referrals", element: <RequireAuth><ReferralsPage /></RequireAuth> },
  { path: "/resources/new", element: <RequireAuth><NewResourcePage /></RequireAuth> },
  { path: "/resources/:resourceId", element: <ResourcePage /> },
  { path: "/resources/:resourceId/edit", element: <RequireAuth><EditResourcePage /></RequireAuth> },
  { path: "/resources/:resourceId/refer", element: <RequireAuth><ReferMemberPage /></RequireAuth> },
];
