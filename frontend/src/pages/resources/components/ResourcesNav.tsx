import { Link, useLocation } from "react-router";
import { useIsCurator } from "../queries";

interface Tab {
  to: string;
  label: string;
  /** Whether this tab is the page now showing (the query string matters for referrals). */
  current: (pathname: string, search: URLSearchParams) => boolean;
}

const madeByMe = (search: URLSearchParams) => search.get("made_by_me") === "true";

const TABS: Tab[] = [
  { to: "/resources", label: "Find", current: (path) => path === "/resources" },
  { to: "/resources/saved", label: "Saved", current: (path) => path === "/resources/saved" },
  { to: "/resources/referrals", label: "My referrals", current: (path, search) => path === "/resources/referrals" && !madeByMe(search) },
];

const COACH_TABS: Tab[] = [
  {
    to: "/resources/referrals?made_by_me=true",
    label: "Referrals I made",
    current: (path, search) => path === "/resources/referrals" && madeByMe(search),
  },
];

/** The directory's own sections; coaches and admins also see the referrals they made. */
export function ResourcesNav() {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  const tabs = useIsCurator() ? [...TABS, ...COACH_TABS] : TABS;
  return (
    <nav aria-label="Resources" className="resource-nav">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <Link to={tab.to} aria-current={tab.current(pathname, params) ? "page" : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
