import type { RouteObject } from "react-router";
import { RequireAuth } from "../../components/RequireAuth";
import { lazyPage } from "../../lib/lazyPage";

const ConversationPage = lazyPage(() => import("./ConversationPage"), "ConversationPage");
const ThreadPage = lazyPage(() => import("./ThreadPage"), "ThreadPage");
const ThreadRedirect = lazyPage(() => import("./ThreadPage"), "ThreadRedirect");
const HeldPostsPage = lazyPage(() => import("./HeldPostsPage"), "HeldPostsPage");

/** Group conversations (spread into the layout's children). Every one needs sign-in. */
export const conversationRoutes: RouteObject[] = [
  { path: "/groups/:groupId/conversation", element: <RequireAuth><ConversationPage /></RequireAuth> },
  { path: "/groups/:groupId/threads/:threadId", element: <RequireAuth><ThreadPage /></RequireAuth> },
  { path: "/groups/:groupId/held-posts", element: <RequireAuth><HeldPostsPage /></RequireAuth> },
  { path: "/threads/:threadId", element: <RequireAuth><ThreadRedirect /></RequireAuth> },
];
