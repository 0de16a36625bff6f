import { Link, useLocation, useParams } from "react-router";
import { QueryError } from "../../components/QueryError";
import { StatusMessage } from "../../components/FormAlert";
import { usePageTitle } from "../../components/usePageTitle";
import { SignUpToAct } from "../../components/SignUpToAct";
import { ApiError } from "../../lib/problems";
import { useSignedIn } from "../../lib/session";
import { useMyProfile } from "../account/queries";
import { languageName } from "../crisis/region";
import { resourceBadges } from "./badges";
import { BadgeList } from "./components/BadgeList";
import { BookmarkButton } from "./components/BookmarkButton";
import { ContactActions } from "./components/ContactActions";
import { CuratorActions } from "./components/CuratorActions";
import { ResidenceFacts } from "./components/ResidenceFacts";
import { whereLabel } from "./components/ResourceCard";
import { VerificationPanel } from "./components/VerificationPanel";
import { costLabel, kindLabel, type Resource } from "./labels";
import { isCurator, useResource } from "./queries";
import "./resources.css";

/** One entry (/resources/:resourceId): how to get in touch, the details, and how fresh they are. */
export function ResourcePage() {
  const { resourceId = "" } = useParams();
  const entry = useResource(resourceId);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  usePageTitle(entry.data?.resource.name ?? "Resource");

  return (
    <article className="page page--medium">
      <p className="breadcrumb">
        <Link to="/resources">Find support services</Link>
      </p>
      {entry.isPending ? (
        <>
          <h1>Resource</h1>
          <p>Loading…</p>
        </>
      ) : null}
      {entry.isError ? (
        <>
          <h1>{entry.error instanceof ApiError && entry.error.status === 404 ? "We couldn't find that resource" : "Resource"}</h1>
          <QueryError error={entry.error} onRetry={() => void entry.refetch()} />
        </>
      ) : null}
      {entry.data ? <ResourceDetails resource={entry.data.resource} notice={notice} /> : null}
    </article>
  );
}

function ResourceDetails({ resource, notice }: { resource: Resource; notice: string | null }) {
  const me = useMyProfile();
  const signedIn = useSignedIn();
  const curator = isCurator(me.data?.profile.role);
  const timeZone = me.data?.profile.time_zone;
  const languages = resource.languages ?? [];
  const retired = Boolean(resource.retired_at);

  return (
    <>
      <h1>{resource.name}</h1>
      <p className="muted">{kindLabel(resource.kind)}</p>
      <BadgeList badges={resourceBadges(resource)} />
      <StatusMessage message={notice} />
      {retired ? (
        <div className="alert alert--info">
          <p>This entry is no longer listed in the directory. The details below may be out of date.</p>
        </div>
      ) : null}

      {signedIn ? (
        <div className="actions">
          <BookmarkButton resource={resource} />
          {curator && !retired ? (
            <p>
              <Link to={`/resources/${resource.id}/refer`} className="button button--quiet">
                Refer a member
              </Link>
            </p>
          ) : null}
        </div>
      ) : (
        <SignUpToAct title="Save this for later" />
      )}

      <p className="resource-description">{resource.description}</p>

      <section aria-labelledby="contact-heading">
        <h2 id="contact-heading">Get in touch</h2>
        <ContactActions resource={resource} />
      </section>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="facts facts--wide">
          <div>
            <dt>Hours</dt>
            <dd>{resource.hours || (resource.is_24_7 ? "Open 24 hours, every day" : "Not listed: check with the service")}</dd>
          </div>
          <div>
            <dt>Who it's for</dt>
            <dd>{resource.eligibility || "Not listed"}</dd>
          </div>
          <div>
            <dt>Languages</dt>
            <dd>{languages.length ? languages.map(languageName).join(", ") : "Not listed"}</dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd>{resource.cost_note ? `${costLabel(resource.cost)}: ${resource.cost_note}` : costLabel(resource.cost)}</dd>
          </div>
          {resource.certification ? (
            <div>
              <dt>Certification</dt>
              <dd>{resource.certification}</dd>
            </div>
          ) : null}
          <ResidenceFacts resource={resource} />
          <div>
            <dt>Where</dt>
            <dd>{whereLabel(resource)}</dd>
          </div>
          {resource.address ? (
            <div>
              <dt>Address</dt>
              <dd>{resource.address}</dd>
            </div>
          ) : null}
        </dl>
        {resource.tags?.length ? (
          <ul className="resource-tags" aria-label="Topics">
            {resource.tags.map((tag) => (
              <li key={tag}>{tag}</li>
            ))}
          </ul>
        ) : null}
      </section>

      <VerificationPanel resource={resource} timeZone={timeZone} />
      {curator ? <CuratorActions resource={resource} /> : null}
    </>
  );
}
