import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useMyProfile, useViewerTimeZone } from "../account/queries";
import { ConsentForm } from "./ConsentForm";
import { emptyConsentValues } from "./consentForm";
import { useMyConsents } from "./queries";
import "./clinics.css";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Share with a partner clinic (/account/clinics/share, optionally ?clinic=<clinic id>). */
export function ShareWithClinicPage() {
  usePageTitle("Share with a clinic");
  const [params] = useSearchParams();
  const preselected = params.get("clinic") ?? "";
  const me = useMyProfile();
  const timeZone = useViewerTimeZone();
  const active = useMyConsents("active");
  const initial = useMemo(
    () => emptyConsentValues(timeZone, Date.now(), UUID.test(preselected) ? preselected : ""),
    [timeZone, preselected],
  );
  const activeConsents = active.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <article className="page page--form consents">
      <p className="breadcrumb">
        <Link to="/account/clinics">Sharing with clinics</Link>
      </p>
      <h1>Share with a clinic</h1>
      <p className="lead">
        Choose what the clinic can see and for how long. Only what you tick is shared, and you can stop at any time.
      </p>
      {me.isPending || active.isPending ? <p>Loading…</p> : null}
      {me.isError ? <QueryError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {active.isError ? <QueryError error={active.error} onRetry={() => void active.refetch()} /> : null}
      {me.isSuccess && active.isSuccess ? (
        // Keyed by the zone (the default date is worked out in it) and the clinic chosen from a link.
        <ConsentForm key={`${timeZone} ${preselected}`} initial={initial} timeZone={timeZone} active={activeConsents} />
      ) : null}
    </article>
  );
}
