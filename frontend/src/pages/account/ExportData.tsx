import { useMutation } from "@tanstack/react-query";
import { api } from "../../api/client";
import { FormAlert } from "../../components/FormAlert";
import { downloadBlob } from "../../lib/download";
import { describeError, unwrap } from "../../lib/problems";

export const EXPORT_FILE_NAME = "peerway-export.json";

/** Hand a JSON value to the browser as a file download. */
export function downloadJson(value: unknown, fileName: string): void {
  downloadBlob(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }), fileName);
}

export function ExportData() {
  const exportData = useMutation({
    mutationFn: async () => (await unwrap(api.GET("/api/v1/members/me/export"))).data,
    onSuccess: (data) => downloadJson(data, EXPORT_FILE_NAME),
  });
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Your data</h2>
      <p>
        Download everything Peerway holds about you as a JSON file. Keep it somewhere safe: it
        includes your private details.
      </p>
      <FormAlert message={exportData.error ? describeError(exportData.error) : null} />
      <button type="button" className="button button--quiet" disabled={exportData.isPending} onClick={() => exportData.mutate()}>
        {exportData.isPending ? "Preparing your file…" : "Download my data"}
      </button>
      {exportData.isSuccess ? <p role="status">Your file {EXPORT_FILE_NAME} is downloading.</p> : null}
    </section>
  );
}
