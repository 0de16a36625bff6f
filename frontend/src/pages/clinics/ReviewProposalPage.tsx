import { Link, useParams } from "react-router";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { useMyProfile, useViewerTimeZone } from "../account/queries";
import { ConsentForm } from "./ConsentForm";
import { valuesFromProposal } from "./consentForm";
import { consentSentence } from "./labels";
import { useMyConsents } from "./queries";
import "./clinics.css";

/**
 * A clinic's proposal, from its referral (/account/clinics/review/:consentId): their message and
 * terms, the scopes to untick, then agree or say no. The API has no read of one consent, so the
 * proposal is found among my open ones.
 */
export function ReviewProposalPage() {
  const { consentId = "" } = useParams();
  const me = useMyProfile();
  const timeZone = useViewerTimeZone();
  const proposals = useMyConsents("proposed");
  const active = useMyConsents("active");
  const proposal = proposals.data?.pages.flatMap((page) => page.items).find((item) => item.id === consentId);
  const activeConsents = active.data?.pages.flatMap((page) => page.items) ?? [];
  usePageTitle(proposal ? `${proposal.clinic.name} asks to see some of your information` : "A clinic's request");
  const loading = me.isPending || proposals.isPending || active.isPending;
  const failed = me.error ?? proposals.error ?? active.error;

  return (
    <article className="page page--form consents">
      <p className="breadcrumb">
        <Link to="/account/clinics">Sharing with clinics</Link>
      </p>
      <h1>{proposal ? `${proposal.clinic.name} asks to see some of your information` : "A clinic's request"}</h1>
      {loading ? <p>Loading…</p> : null}
      {failed ? (
        <QueryError
          error={failed}
          onRetry={() => {
            void me.refetch();
            void proposals.refetch();
            void active.refetch();
          }}
        />
      ) : null}
      {!loading && !failed && !proposal ? (
        <div className="card">
          <p>This request has already been answered, or it is no longer open.</p>
          <p>
            <Link to="/account/clinics">See what you share with clinics</Link>
          </p>
        </div>
      ) : null}
      {proposal && !loading && !failed ? (
        <>
          <p className="lead">
            Nothing is shared until you agree. You can share less than they asked for, or say no. Either way, your place in
            Peerway does not change.
          </p>
          <section className="card consent-proposal" aria-labelledby="proposal-heading">
            <h2 id="proposal-heading">What they asked</h2>
            {proposal.referral_message ? (
              <>
                <p className="consent-form__label">Their message</p>
                <blockquote className="consent-form__quote">{proposal.referral_message}</blockquote>
              </>
            ) : null}
            <p>{consentSentence(proposal, timeZone)}</p>
            {proposal.clinic.website ? (
              <p>
                <a href={proposal.clinic.website} target="_blank" rel="noreferrer noopener">
                  {proposal.clinic.name}'s website<span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </p>
            ) : null}
          </section>
          <h2>Your answer</h2>
          <ConsentForm
            key={`${proposal.id} ${timeZone}`}
            initial={valuesFromProposal(proposal, timeZone)}
            timeZone={timeZone}
            proposal={proposal}
            active={activeConsents}
          />
        </>
      ) : null}
    </article>
  );
}
