import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { createBrowserRouter, RouterProvider, type RouteObject } from "react-router";
import { setSessionEndedHandler, tokenStore } from "./api/client";
import { Layout } from "./components/Layout";
import { RequireAuth } from "./components/RequireAuth";
import { ApiError } from "./lib/problems";
import { signOutAndGo } from "./lib/session";
import { AccountDeletedPage } from "./pages/account/AccountDeletedPage";
import { ProfilePage } from "./pages/account/ProfilePage";
import { SignInPage } from "./pages/account/SignInPage";
import { SignUpPage } from "./pages/account/SignUpPage";
import { clinicRoutes } from "./pages/clinics/routes";
import { coachingRoutes } from "./pages/coaching/routes";
import { CrisisPage } from "./pages/crisis/CrisisPage";
import { CreateGroupPage } from "./pages/groups/CreateGroupPage";
import { GroupPage } from "./pages/groups/GroupPage";
import { GroupsPage } from "./pages/groups/GroupsPage";
import { ManageGroupPage } from "./pages/groups/ManageGroupPage";
import { HomePage } from "./pages/home/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { NotificationsPage } from "./pages/notifications/NotificationsPage";
import { resourceRoutes } from "./pages/resources/routes";
import { safetyRoutes } from "./pages/safety/routes";
import { EditSessionPage } from "./pages/sessions/EditSessionPage";
import { MySessionsPage } from "./pages/sessions/MySessionsPage";
import { ScheduleSessionPage } from "./pages/sessions/ScheduleSessionPage";
import { SessionPage } from "./pages/sessions/SessionPage";
import { SessionsPage } from "./pages/sessions/SessionsPage";

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/help", element: <CrisisPage /> },
      { path: "/sign-up", element: <SignUpPage /> },
      { path: "/sign-in", element: <SignInPage /> },
      { path: "/account-deleted", element: <AccountDeletedPage /> },
      { path: "/profile", element: <RequireAuth><ProfilePage /></RequireAuth> },
      { path: "/groups", element: <GroupsPage /> },
      { path: "/groups/new", element: <RequireAuth><CreateGroupPage /></RequireAuth> },
      { path: "/groups/:groupId", element: <RequireAuth><GroupPage /></RequireAuth> },
      { path: "/groups/:groupId/manage", element: <RequireAuth><ManageGroupPage /></RequireAuth> },
      { path: "/groups/:groupId/schedule", element: <RequireAuth><ScheduleSessionPage /></RequireAuth> },
      { path: "/sessions", element: <SessionsPage /> },
      { path: "/sessions/:sessionId", element: <RequireAuth><SessionPage /></RequireAuth> },
      { path: "/sessions/:sessionId/edit", element: <RequireAuth><EditSessionPage /></RequireAuth> },
      { path: "/my/sessions", element: <RequireAuth><MySessionsPage /></RequireAuth> },
      { path: "/notifications", element: <RequireAuth><NotificationsPage /></RequireAuth> },
      ...coachingRoutes,
      ...resourceRoutes,
      ...safetyRoutes,
      ...clinicRoutes,
      { path: "*", element: <NotFoundPage /> },
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

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(routes));

  useEffect(() => {
    // A refused refresh: back to sign-in, returning here afterwards.
    setSessionEndedHandler(() => {
      const { pathname, search } = router.state.location;
      const from = pathname === "/sign-in" ? undefined : pathname + search;
      void signOutAndGo((to, options) => router.navigate(to, options), "/sign-in", { from, expired: true });
    });
    // Private data never outlives the sign-in in this tab's memory (also after other tabs sign out).
    return tokenStore.subscribe(() => {
      if (!tokenStore.get()) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "crisis" });
    });
  }, [router, queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
