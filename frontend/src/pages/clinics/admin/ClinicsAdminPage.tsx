import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { LoadMore } from "../../../components/LoadMore";
import { QueryError } from "../../../components/QueryError";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDateTime } from "../../../lib/dates";
import { useViewerTimeZone } from "../../account/queries";
import { regionName } from "../../crisis/region";
import { useClinics, type Clinic } from "../queries";
import { AdminOnly, useIsAdmin } from "./AdminOnly";
import "../clinics.css";

/** Admins: every partner clinic (/admin/clinics; ?retired=show lists retired ones too). */
export function ClinicsAdminPage() {
  usePageTitle("Partner clinics");
  return (
    <article className="page page--medium clinics-admin">
      <h1>Partner clinics</h1>
      <AdminOnly>
        <ClinicList />
      </AdminOnly>
    </article>
  );
}

function ClinicList() {
  const [params, setParams] = useSearchParams();
  const showRetired = params.get("retired") === "show";
  const isAdmin = useIsAdmin();
  const clinics = useClinics(showRetired, isAdmin);
  const timeZone = useViewerTimeZone();
  const toggleId = useId();
  const items = clinics.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <p className="lead">
        Clinics members can choose to share with. A clinic connects through its API clients, and reads only what each member
        agreed to.
      </p>
      <p className="actions">
        <Link to="/admin/clinics/new" className="button">
          Add a clinic
        </Link>
      </p>
      <div className="check">
        <input
          id={toggleId}
          type="checkbox"
          checked={showRetired}
          onChange={(event) => setParams(event.target.checked ? { retired: "show" } : {}, { replace: true })}
        />
        <label htmlFor={toggleId}>Show retired clinics</label>
      </div>
      {clinics.isPending ? <p>Loading clinics…</p> : null}
      {clinics.isError ? <QueryError error={clinics.error} onRetry={() => void clinics.refetch()} /> : null}
      {clinics.isSuccess && items.length === 0 ? (
        <p className="card">{showRetired ? "No clinics yet." : "No active clinics. Add one to let members share with it."}</p>
      ) : null}
      <ul className="clinic-list" aria-label="Clinics">
        {items.map((clinic) => (
          <ClinicRow key={clinic.id} clinic={clinic} timeZone={timeZone} />
        ))}
      </ul>
      <LoadMore hasMore={clinics.hasNextPage} loading={clinics.isFetchingNextPage} onLoad={() => void clinics.fetchNextPage()} label="Show more clinics" />
    </>
  );
}

function ClinicRow({ clinic, timeZone }: { clinic: Clinic; timeZone: string }) {
  return (
    <li className={clinic.retired_at ? "card clinic-row clinic-row--retired" : "card clinic-row"}>
      <h2 className="clinic-row__name">
        <Link to={`/admin/clinics/${clinic.id}`}>{clinic.name}</Link>
        {clinic.retired_at ? <span className="tag clinic-row__tag">Retired</span> : null}
      </h2>
      {clinic.description ? <p>{clinic.description}</p> : null}
      <dl className="facts">
        {clinic.region ? (
          <div>
            <dt>Country</dt>
            <dd>{regionName(clinic.region)}</dd>
          </div>
        ) : null}
        {clinic.website ? (
          <div>
            <dt>Website</dt>
            <dd className="clinic-row__url">{clinic.website}</dd>
          </div>
        ) : null}
        <div>
          <dt>Added</dt>
          <dd>{formatDateTime(clinic.created_at, timeZone)}</dd>
        </div>
        {clinic.retired_at ? (
          <div>
            <dt>Retired</dt>
            <dd>{formatDateTime(clinic.retired_at, timeZone)}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}
