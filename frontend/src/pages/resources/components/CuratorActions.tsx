import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../../api/client";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { FormAlert, StatusMessage } from "../../../components/FormAlert";
import { describeError, unwrap } from "../../../lib/problems";
import type { Resource } from "../labels";
import { resourceKeys, storeResource } from "../queries";

/** Edit, verify and retire: for coaches and admins (the API checks the role again). */
export function CuratorActions({ resource }: { resource: Resource }) {
  const queryClient = useQueryClient();
  const [confirmRetire, setConfirmRetire] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const path = { params: { path: { resource_id: resource.id } } };

  const verify = useMutation({
    mutationFn: async () => (await unwrap(api.POST("/api/v1/resources/{resource_id}/verification", path))).data,
    onSuccess: async (verified) => {
      // The answer carries no ETag: fetch the entry again so a later edit sends the current one.
      await storeResource(queryClient, verified, null);
      await queryClient.invalidateQueries({ queryKey: resourceKeys.detail(resource.id) });
      setNotice("Thank you. The entry now shows it was checked today.");
    },
  });

  const retire = useMutation({
    mutationFn: async () => {
      await unwrap(api.DELETE("/api/v1/resources/{resource_id}", path));
    },
    onSuccess: async () => {
      setConfirmRetire(false);
      await queryClient.invalidateQueries({ queryKey: resourceKeys.all });
      setNotice("Retired. It no longer appears in search; people who saved it or were referred to it still see it.");
    },
  });

  const failure = verify.error ?? retire.error;
  const retired = Boolean(resource.retired_at);

  return (
    <section className="card" aria-labelledby="curate-heading">
      <h2 id="curate-heading">Look after this entry</h2>
      <StatusMessage message={notice} />
      <FormAlert message={failure ? describeError(failure) : null} />
      <p className="actions">
        <Link to={`/resources/${resource.id}/edit`} className="button button--quiet">
          Edit details
        </Link>
      </p>
      <h3>Verify</h3>
      <p>Check the number, hours and eligibility against the service's own website or staff, then record it.</p>
      <p>
        <button type="button" className="button button--quiet" disabled={verify.isPending} onClick={() => verify.mutate()}>
          {verify.isPending ? "Recording…" : "I checked this against its source today"}
        </button>
      </p>
      {retired ? null : (
        <>
          <h3>Retire</h3>
          <p>When a service closes or moves on, retire its entry rather than leaving old details in search.</p>
          <p>
            <button type="button" className="button button--danger-quiet" onClick={() => setConfirmRetire(true)}>
              Retire this entry…
            </button>
          </p>
          <ConfirmDialog
            open={confirmRetire}
            title={`Retire ${resource.name}?`}
            confirmLabel="Retire entry"
            danger
            busy={retire.isPending}
            onConfirm={() => retire.mutate()}
            onCancel={() => setConfirmRetire(false)}
          >
            <p>It will leave search results. Members who saved it, or were referred to it, still see it, marked as no longer listed.</p>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}
