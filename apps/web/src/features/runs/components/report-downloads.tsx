import { useState } from 'react';

import { ErrorMessage } from '../../../components/states';
import { REPORT_DOWNLOADS, type ReportFormat } from '../api/get-report';

/** JSON, JUnit and SARIF downloads of a finished run's report. */
export function ReportDownloads({
  onDownload,
}: {
  onDownload: (format: ReportFormat) => Promise<void>;
}) {
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card" aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">Report</h2>
      {error ? <ErrorMessage error={error} title="Could not download the report" /> : null}
      <div className="row">
        {(Object.keys(REPORT_DOWNLOADS) as ReportFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            className="secondary"
            disabled={busy !== null}
            onClick={() => {
              setBusy(format);
              setError(null);
              onDownload(format)
                .catch((cause: unknown) => setError(cause))
                .finally(() => setBusy(null));
            }}
          >
            {busy === format ? 'Downloading…' : `Download ${REPORT_DOWNLOADS[format].label}`}
          </button>
        ))}
      </div>
    </section>
  );
}
