import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { api } from "../../../api/client";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { CopyButton } from "../../../components/CopyButton";
import { StatusMessage } from "../../../components/FormAlert";
import { LoadMore } from "../../../components/LoadMore";
import { QueryError } from "../../../components/QueryError";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDateTime } from "../../../lib/dates";
import { describeError, unwrap } from "../../../lib/problems";
import { useViewerTimeZone } from "../../account/queries";
import { regionName } from "../../crisis/region";
import { clinicKeys, useClinic, useClinicClients, type Clinic, type ClinicClient, type ClinicClientCredentials } from "../queries";
import { AdminOnly, useIsAdmin } from "./AdminOnly";
import { IssueClientDialog, SecretDialog } from "./ClientDialogs";
import "../clinics.css";

/** Admins: one clinic, its API clients (issue, new secret, revoke) and retiring it (/admin/clinics/:clinicId). */
export function ClinicAdminPage() {
  const { clinicId = "" } = useParams();
  const isAdmin = useIsAdmin();
  const clinic = useClinic(clinicId, isAdmin);
  usePageTitle(clinic.data?.name ?? "Partner clinic");

  return (
    <article className="page page--medium clinics-admin">
      <p className="breadcrumb">
        <Link to="/admin/clinics">Partner clinics</Link>
      </p>
      <h1>
        {clinic.data?.name ?? "Partner clinic"}
        {clinic.data?.retired_at ? <span className="tag clinic-row__tag">Retired</span> : null}
      </h1>
      <AdminOnly>
        {clinic.isPending ? <p>Loading…</p> : null}
        {clinic.isError ? <QueryError error={clinic.error} onRetry={() => void clinic.refetch()} /> : null}
        {clinic.data ? <ClinicManager clinic={clinic.data} /> : null}
      </AdminOnly>
    </article>
  );
}

type Pending = { kind: "rotate" | "revoke"; client: ClinicClient } | { kind: "retire" } | null;

function ClinicManager({ clinic }: { clinic: Clinic }) {
  const location = useLocation();
  const arrived = (location.state as { notice?: string } | null)?.notice ?? null;
  const queryClient = useQueryClient();
  const timeZone = useViewerTimeZone();
  const clients = useClinicClients(clinic.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [shown, setShown] = useState<{ credentials: ClinicClientCredentials; title: string } | null>(null);
  const issueButton = useRef<HTMLButtonElement>(null);
  const items = clients.data?.pages.flatMap((page) => page.items) ?? [];
  const retired = Boolean(clinic.retired_at);
  const clientPath = (client: ClinicClient) => ({ params: { path: { clinic_id: clinic.id, client_row_id: client.id } } });

  const refreshClients = () => queryClient.invalidateQueries({ queryKey: clinicKeys.clients(clinic.id) });

  const rotate = useMutation({
    mutationFn: async (client: ClinicClient) =>
      (await unwrap(api.POST("/api/v1/clinics/{clinic_id}/clients/{client_row_id}/secret", clientPath(client)))).data,
    onMutate: () => setNotice(null),
    onSuccess: async (credentials) => {
      setPending(null);
      setShown({ credentials, title: `New secret for ${credentials.label}` });
      setNotice(`${credentials.label} has a new secret. The old one no longer works.`);
      await refreshClients();
    },
  });

  const revoke = useMutation({
    mutationFn: async (client: ClinicClient) =>
      (await unwrap(api.DELETE("/api/v1/clinics/{clinic_id}/clients/{client_row_id}", clientPath(client)))).data,
    onMutate: () => setNotice(null),
    onSuccess: async (client) => {
      setPending(null);
      setNotice(`${client.label} is revoked. Its secret and tokens no longer work.`);
      await refreshClients();
    },
  });

  const retire = useMutation({
    mutationFn: async () =>
      (await unwrap(api.PATCH("/api/v1/clinics/{clinic_id}", { params: { path: { clinic_id: clinic.id } }, body: { retired: true } }))).data,
    onMutate: () => setNotice(null),
    onSuccess: async (updated) => {
      setPending(null);
      queryClient.setQueryData(clinicKeys.clinic(clinic.id), updated);
      setNotice(`${updated.name} is retired. Its clients have stopped working and every member's sharing with it has ended.`);
      await Promise.all([queryClient.invalidateQueries({ queryKey: clinicKeys.clinics }), refreshClients()]);
    },
  });

  const acting = pending?.kind === "rotate" ? rotate : pending?.kind === "revoke" ? revoke : pending?.kind === "retire" ? retire : null;

  function cancel() {
    setPending(null);
    rotate.reset();
    revoke.reset();
    retire.reset();
  }

  return (
    <>
      <StatusMessage message={notice ?? arrived} />
      <section className="card" aria-labelledby="clinic-details-heading">
        <h2 id="clinic-details-heading">Details</h2>
        {clinic.description ? <p>{clinic.description}</p> : null}
        <dl className="facts">
          <div>
            <dt>Country</dt>
            <dd>{clinic.region ? regionName(clinic.region) : "Not set"}</dd>
          </div>
          <div>
            <dt>Website</dt>
            <dd className="clinic-row__url">{clinic.website ?? "Not set"}</dd>
          </div>
          <div>
            <dt>Contact email</dt>
            <dd>{clinic.contact_email ?? "Not set"}</dd>
          </div>
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
      </section>

      <section aria-labelledby="clients-heading">
        <h2 id="clients-heading">API clients</h2>
        <p>
          A client is how the clinic's own system connects to Peerway. Each has an ID and a secret; the secret is shown once, when
          it is made.
        </p>
        {retired ? (
          <p className="alert alert--info">This clinic is retired, so its clients no longer work and no new ones can be issued.</p>
        ) : (
          <p className="actions">
            <button ref={issueButton} type="button" className="button" onClick={() => setIssuing(true)}>
              Issue a client…
            </button>
          </p>
        )}
        {clients.isPending ? <p>Loading clients…</p> : null}
        {clients.isError ? <QueryError error={clients.error} onRetry={() => void clients.refetch()} /> : null}
        {clients.isSuccess && items.length === 0 ? <p className="muted">No clients yet.</p> : null}
        <ul className="client-list" aria-label="Clients">
          {items.map((client) => (
            <ClientRow
              key={client.id}
              client={client}
              timeZone={timeZone}
              clinicRetired={retired}
              onRotate={() => setPending({ kind: "rotate", client })}
              onRevoke={() => setPending({ kind: "revoke", client })}
            />
          ))}
        </ul>
        <LoadMore hasMore={clients.hasNextPage} loading={clients.isFetchingNextPage} onLoad={() => void clients.fetchNextPage()} label="Show older clients" />
      </section>

      {retired ? null : (
        <section className="card card--danger" aria-labelledby="retire-heading">
          <h2 id="retire-heading">Retire this clinic</h2>
          <p>
            When the partnership ends. Every client stops working at once, and every member's sharing with this clinic ends,
            including requests still waiting for an answer. Members see that sharing stopped.
          </p>
          <p>
            <button type="button" className="button button--danger-quiet" onClick={() => setPending({ kind: "retire" })}>
              Retire {clinic.name}…
            </button>
          </p>
        </section>
      )}

      <IssueClientDialog
        open={issuing}
        clinicId={clinic.id}
        clinicName={clinic.name}
        returnFocusTo={issueButton}
        onClose={() => setIssuing(false)}
        onIssued={(credentials) => {
          setIssuing(false);
          setShown({ credentials, title: `${credentials.label} is ready: copy the secret` });
          setNotice(`${credentials.label} is issued.`);
          void refreshClients();
        }}
      />
      <SecretDialog credentials={shown?.credentials ?? null} title={shown?.title ?? ""} onClose={() => setShown(null)} />

      <ConfirmDialog
        open={pending?.kind === "rotate"}
        title={pending?.kind === "rotate" ? `Make a new secret for ${pending.client.label}?` : "Make a new secret?"}
        confirmLabel="Make a new secret"
        busy={rotate.isPending}
        onConfirm={() => pending?.kind === "rotate" && rotate.mutate(pending.client)}
        onCancel={cancel}
      >
        <p>
          The current secret stops working at once, and so does every token made with it. The clinic's system needs the new
          secret, shown once on the next screen, to keep working.
        </p>
        {acting?.error ? <p className="alert alert--error">{describeError(acting.error)}</p> : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === "revoke"}
        title={pending?.kind === "revoke" ? `Revoke ${pending.client.label}?` : "Revoke this client?"}
        confirmLabel="Revoke client"
        danger
        busy={revoke.isPending}
        onConfirm={() => pending?.kind === "revoke" && revoke.mutate(pending.client)}
        onCancel={cancel}
      >
        <p>Its secret and every token it holds stop working at once. This can't be undone: issue a new client if it is needed again.</p>
        {acting?.error ? <p className="alert alert--error">{describeError(acting.error)}</p> : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === "retire"}
        title={`Retire ${clinic.name}?`}
        confirmLabel="Retire clinic"
        danger
        busy={retire.isPending}
        onConfirm={() => retire.mutate()}
        onCancel={cancel}
      >
        <p>
          Every client of {clinic.name} stops working at once, and every member's sharing with it ends, including requests still
          waiting for an answer. Members can no longer choose it.
        </p>
        {acting?.error ? <p className="alert alert--error">{describeError(acting.error)}</p> : null}
      </ConfirmDialog>
    </>
  );
}

function ClientRow({
  client,
  timeZone,
  clinicRetired,
  onRotate,
  onRevoke,
}: {
  client: ClinicClient;
  timeZone: string;
  clinicRetired: boolean;
  onRotate: () => void;
  onRevoke: () => void;
}) {
  const revoked = Boolean(client.revoked_at);
  return (
    <li className={revoked ? "card client client--revoked" : "card client"}>
      <h3 className="client__label">
        {client.label}
        {revoked ? <span className="tag clinic-row__tag">Revoked</span> : null}
      </h3>
      <dl className="facts">
        <div>
          <dt>Client ID</dt>
          <dd className="client__id">
            <code>{client.client_id}</code> <CopyButton value={client.client_id} label="Copy ID" />
          </dd>
        </div>
        <div>
          <dt>May do</dt>
          <dd>
            <ul className="tags client__scopes">
              {client.allowed_scopes.map((scope) => (
                <li key={scope} className="tag">
                  {scope}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(client.created_at, timeZone)}</dd>
        </div>
        <div>
          <dt>Last used</dt>
          <dd>{client.last_used_at ? formatDateTime(client.last_used_at, timeZone) : "Never"}</dd>
        </div>
        <div>
          <dt>Secret made</dt>
          <dd>{formatDateTime(client.secret_rotated_at, timeZone)}</dd>
        </div>
        {client.revoked_at ? (
          <div>
            <dt>Revoked</dt>
            <dd>{formatDateTime(client.revoked_at, timeZone)}</dd>
          </div>
        ) : null}
      </dl>
      {revoked || clinicRetired ? null : (
        <div className="actions">
          <button type="button" className="button button--quiet button--small" aria-label={`New secret for ${client.label}…`} onClick={onRotate}>
            New secret…
          </button>
          <button type="button" className="button button--danger-quiet button--small" aria-label={`Revoke ${client.label}…`} onClick={onRevoke}>
            Revoke…
          </button>
        </div>
      )}
    </li>
  );
}
