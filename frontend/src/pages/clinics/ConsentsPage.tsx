import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert, StatusMessage } from "../../components/FormAlert";
import { LoadMore } from "../../components/LoadMore";
import { QueryError } from "../../components/QueryError";
import { usePageTitle } from "../../components/usePageTitle";
import { describeError, unwrap } from "../../lib/problems";
import { useViewerTimeZone } from "../account/queries";
import { consentHistory, consentSentence, discloserInWords, GROUP_HEADINGS, groupConsents, type ConsentGroup } from "./labels";
import { invalidateConsents, useMyConsents, type Consent } from "./queries";
import "./clinics.css";

/** "Sharing with clinics" (/account/clinics): what each partner clinic may see, and stopping it. */
export function ConsentsPage() {
  usePageTitle("Sharing with clinics");
  const location = useLocation();
  const arrived = (location.state as { notice?: string } | null)?.notice ?? null;
  const consents = useMyConsents();
  const timeZone = useViewerTimeZone();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Consent | null>(null);
  const items = consents.data?.pages.flatMap((page) => page.items) ?? [];
  const groups = groupConsents(items);

  const revoke = useMutation({
    mutationFn: async (consent: Consent) =>
      (await unwrap(api.DELETE("/api/v1/members/me/consents/{consent_id}", { params: { path: { consent_id: consent.id } } })))
        .data,
    onMutate: () => setNotice(null),
    onSuccess: async (consent) => {
      setRevoking(null);
      setNotice(`You stopped sharing with ${consent.clinic.name}. They can no longer read anything through Peerway.`);
      await invalidateConsents(queryClient);
    },
  });

  return (
    <article className="page page--medium consents">
      <h1>Sharing with clinics</h1>
      <p className="lead">
        You choose what a partner clinic can see, why, and for how long. Nothing is shared until you agree, and you can stop at
        any time.
      </p>
      <StatusMessage message={notice ?? arrived} />
      <FormAlert message={revoke.error && !revoking ? describeError(revoke.error) : null} />
      <p className="actions">
        <Link to="/account/clinics/share" className="button">
          Share with a clinic
        </Link>
        <Link to="/account/access-log" className="button button--quiet">
          See when a clinic looked
        </Link>
      </p>

      {consents.isPending ? <p>Loading…</p> : null}
      {consents.isError ? <QueryError error={consents.error} onRetry={() => void consents.refetch()} /> : null}
      {consents.isSuccess && items.length === 0 ? (
        <div className="card">
          <h2>You are not sharing with any clinic</h2>
          <p>
            If you are being treated at one of Peerway's partner clinics, you can let them see some of what you keep here, like
            your check-ins, to help your care. It is entirely up to you.
          </p>
        </div>
      ) : null}

      {(["waiting", "sharing", "ended"] as const).map((group) =>
        groups[group].length ? (
          <ConsentGroupSection key={group} group={group} consents={groups[group]} timeZone={timeZone} onRevoke={setRevoking} />
        ) : null,
      )}
      <LoadMore hasMore={consents.hasNextPage} loading={consents.isFetchingNextPage} onLoad={() => void consents.fetchNextPage()} label="Show older" />

      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? `Stop sharing with ${revoking.clinic.name}?` : "Stop sharing?"}
        confirmLabel="Stop sharing"
        cancelLabel="Keep sharing"
        danger
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
      >
        <p>
          <strong>This takes effect immediately.</strong> From now on {revoking?.clinic.name ?? "the clinic"} cannot read anything
          about you through Peerway.
        </p>
        <p>What they already saw may stay in their own records. You can agree to share again later if you want to.</p>
        {revoke.error ? <p className="alert alert--error">{describeError(revoke.error)}</p> : null}
      </ConfirmDialog>
    </article>
  );
}

const GROUP_INTROS: Record<ConsentGroup, string> = {
  waiting: "A clinic asked to see some of your information. Nothing is shared until you say yes.",
  sharing: "These clinics can read what is described, until the date shown or until you stop it.",
  ended: "Nothing is shared through these any more. They are kept here so you have a record.",
};

function ConsentGroupSection({
  group,
  consents,
  timeZone,
  onRevoke,
}: {
  group: ConsentGroup;
  consents: Consent[];
  timeZone: string;
  onRevoke: (consent: Consent) => void;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`consent-group consent-group--${group}`}>
      <h2 id={headingId}>
        {GROUP_HEADINGS[group]} <span className="consent-group__count">({consents.length})</span>
      </h2>
      <p className="muted">{GROUP_INTROS[group]}</p>
      <ul className="consent-list">
        {consents.map((consent) => (
          <ConsentCard key={consent.id} consent={consent} timeZone={timeZone} onRevoke={onRevoke} />
        ))}
      </ul>
    </section>
  );
}

function ConsentCard({ consent, timeZone, onRevoke }: { consent: Consent; timeZone: string; onRevoke: (consent: Consent) => void }) {
  const history = consentHistory(consent, timeZone);
  return (
    <li className={`card consent consent--${consent.status}`}>
      <h3 className="consent__clinic">
        {consent.clinic.name}
      </h3>
      <p className="consent__sentence">{consentSentence(consent, timeZone)}</p>
      {consent.status === "proposed" && consent.referral_message ? (
        <p className="consent__message">
          <span className="consent-form__label">Their message: </span>
          {consent.referral_message}
        </p>
      ) : null}
      <p>
        <span className="consent-form__label">Purpose:</span> {consent.purpose}
      </p>
      {consent.status !== "proposed" && consent.status !== "declined" ? (
        <p className="muted">
          {history ? `${history} ` : ""}Shared by {discloserInWords(consent.discloser)}.
        </p>
      ) : history ? (
        <p className="muted">{history}</p>
      ) : null}
      <div className="actions">
        {consent.status === "proposed" ? (
          <Link to={`/account/clinics/review/${consent.id}`} className="button" aria-label={`Review and answer ${consent.clinic.name}`}>
            Review and answer
          </Link>
        ) : null}
        {consent.status === "active" ? (
          <button
            type="button"
            className="button button--danger-quiet"
            aria-label={`Stop sharing with ${consent.clinic.name}…`}
            onClick={() => onRevoke(consent)}
          >
            Stop sharing…
          </button>
        ) : null}
        {consent.status !== "proposed" && consent.status !== "active" ? (
          <Link
            to={`/account/clinics/share?clinic=${consent.clinic.id}`}
            className="button button--quiet"
            aria-label={`Share again with ${consent.clinic.name}…`}
          >
            Share again…
          </Link>
        ) : null}
      </div>
    </li>
  );
}
