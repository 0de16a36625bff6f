import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { BrowserRouter, useLocation, useNavigate, useRoutes, type RouteObject } from "react-router";
import { setSessionEndedHandler, tokenStore } from "./api/client";
import { Layout } from "./components/Layout";
import { LazyPages } from "./components/PageLoading";
import { RequireAuth } from "./components/RequireAuth";
import { lazyPage } from "./lib/lazyPage";
import { ApiError } from "./lib/problems";
import { signOutAndGo } from "./lib/session";
import { clinicRoutes } from "./pages/clinics/routes";
import { coachingRoutes } from "./pages/coaching/routes";
import { conversationRoutes } from "./pages/conversations/routes";
import { messageRoutes } from "./pages/messages/routes";
import { NotFoundPage } from "./pages/NotFoundPage";
import { resourceRoutes } from "./pages/resources/routes";
import { safetyRoutes } from "./pages/safety/routes";

// Every page is its own chunk, fetched when first shown: the first load carries only React, the
// router, the API client and the header (see bench/README.md, "Transfer sizes").
const HomePage = lazyPage(() => import("./pages/home/HomePage"), "HomePage");
const SignUpPage = lazyPage(() => import("./pages/account/SignUpPage"), "SignUpPage");
const SignInPage = lazyPage(() => import("./pages/account/SignInPage"), "SignInPage");
const AccountDeletedPage = lazyPage(() => import("./pages/account/AccountDeletedPage"), "AccountDeletedPage");
const ProfilePage = lazyPage(() => import("./pages/account/ProfilePage"), "ProfilePage");
const GroupsPage = lazyPage(() => import("./pages/groups/GroupsPage"), "GroupsPage");
const CreateGroupPage = lazyPage(() => import("./pages/groups/CreateGroupPage"), "CreateGroupPage");
const GroupPage = lazyPage(() => import("./pages/groups/GroupPage"), "GroupPage");
const ManageGroupPage = lazyPage(() => import("./pages/groups/ManageGroupPage"), "ManageGroupPage");
const ScheduleSessionPage = lazyPage(() => import("./pages/sessions/ScheduleSessionPage"), "ScheduleSessionPage");
const SessionsPage = lazyPage(() => import("./pages/sessions/SessionsPage"), "SessionsPage");
const SessionPage = lazyPage(() => import("./pages/sessions/SessionPage"), "SessionPage");
const EditSessionPage = lazyPage(() => import("./pages/sessions/EditSessionPage"), "EditSessionPage");
const MySessionsPage = lazyPage(() => import("./pages/sessions/MySessionsPage"), "MySessionsPage");
const NotificationsPage = lazyPage(() => import("./pages/notifications/NotificationsPage"), "NotificationsPage");

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      {
        // Pages suspend while their chunk loads; a chunk that fails (offline, or replaced by a
        // deploy) shows an error with a reload button inside the layout, under the help link.
        element: <LazyPages />,
        children: [
      { path: "/", element: <HomePage /> },
      { path: "/sign-up", element: <SignUpPage /> },
      { path: "/sign-in", element: <SignInPage /> },
      { path: "/account-deleted", element: <AccountDeletedPage /> },
      { path: "/profile", element: <RequireAuth><ProfilePage /></RequireAuth> },
      { path: "/groups", element: <GroupsPage /> },
      { path: "/groups/new", element: <RequireAuth><CreateGroupPage /></RequireAuth> },
      { path: "/groups/:groupId", element: <GroupPage /> },
      { path: "/groups/:groupId/manage", element: <RequireAuth><ManageGroupPage /></RequireAuth> },
      { path: "/groups/:groupId/schedule", element: <RequireAuth><ScheduleSessionPage /></RequireAuth> },
      { path: "/sessions", element: <SessionsPage /> },
      { path: "/sessions/:sessionId", element: <SessionPage /> },
      { path: "/sessions/:sessionId/edit", element: <RequireAuth><EditSessionPage /></RequireAuth> },
      { path: "/my/sessions", element: <RequireAuth><MySessionsPage /></RequireAuth> },
      { path: "/notifications", element: <RequireAuth><NotificationsPage /></RequireAuth> },
      ...coachingRoutes,
      ...conversationRoutes,
      ...messageRoutes,
      ...resourceRoutes,
      ...safetyRoutes,
      ...clinicRoutes,
      { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network blips and 5xx get two more tries.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

/**
 * The routes, and what happens when a sign-in ends. A declarative <BrowserRouter>, not a data
 * router: the app uses no loaders or actions, and the data router's machinery would cost 17 kB
 * of gzipped JavaScript on every first load (the sign-in page's budget is 120 kB in all).
 */
function AppRoutes({ queryClient }: { queryClient: QueryClient }) {
  const navigate = useNavigate();
  const location = useLocation();
  // The handler below outlives renders; it reads where the member is when the sign-in ends.
  const latest = useRef({ navigate, location });
  useLayoutEffect(() => {
    latest.current = { navigate, location };
  });

  useEffect(() => {
    // A refused refresh: back to sign-in, returning here afterwards.
    setSessionEndedHandler(() => {
      const { pathname, search } = latest.current.location;
      const from = pathname === "/sign-in" ? undefined : pathname + search;
      void signOutAndGo(latest.current.navigate, "/sign-in", { from, expired: true });
    });
    // Private data never outlives the sign-in in this tab's memory (also after other tabs sign out).
    let wasSignedIn = tokenStore.get() !== null;
    return tokenStore.subscribe(() => {
      const signedIn = tokenStore.get() !== null;
      if (!signedIn) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "crisis" });
      // Pages read while signed out hold a visitor's view (no membership, no booking): read again.
      else if (!wasSignedIn) void queryClient.invalidateQueries();
      wasSignedIn = signedIn;
    });
  }, [queryClient]);

  return useRoutes(routes);
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AppRoutes queryClient={queryClient} />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
