import type { Verification } from '@shakedown/core/contract';

import { CopyButton } from '../../../components/copy-button';
import { ErrorMessage } from '../../../components/states';
import { StatusBadge } from '../../../components/status-badge';

interface VerificationPanelProps {
  verification: Verification;
  onCheck: () => void;
  pending?: boolean;
  error?: unknown;
  canCheck?: boolean;
}

/** Proving the customer owns the API before any probe runs: a token file or a DNS record. */
export function VerificationPanel({
  verification,
  onCheck,
  pending = false,
  error,
  canCheck = true,
}: VerificationPanelProps) {
  const verified = verification.status === 'verified';
  return (
    <section className="card stack" aria-labelledby="verification-heading">
      <div className="page-head">
        <h2 id="verification-heading">Ownership verification</h2>
        <StatusBadge status={verification.status} />
      </div>
      {verified ? (
        <p>
          Verified
          {verification.method
            ? ` by ${verification.method === 'allowlist' ? 'the deployment allowlist' : verification.method === 'dns' ? 'DNS record' : 'token file'}`
            : ''}
          {verification.verifiedAt
            ? ` on ${new Date(verification.verifiedAt).toLocaleString()}`
            : ''}
          . Probes may run.
        </p>
      ) : (
        <>
          <p>Shakedown only sends probes to APIs you prove you own. Do one of these, then check:</p>
          <ol className="stack">
            <li>
              <strong>Token file.</strong> Serve this token as plain text at{' '}
              <code>{verification.httpUrl}</code>:
              <pre aria-label="Verification token">{verification.token}</pre>
              <CopyButton text={verification.token} label="Copy token" />
            </li>
            <li>
              <strong>DNS record.</strong> Publish this TXT record on the host:
              <pre aria-label="DNS record">{verification.dnsRecord}</pre>
              <CopyButton text={verification.dnsRecord} label="Copy record" />
            </li>
          </ol>
        </>
      )}
      {verification.status === 'failed' && verification.error ? (
        <p className="alert alert--error">Last check failed: {verification.error}</p>
      ) : null}
      {verification.checkedAt ? (
        <p className="muted">Last checked {new Date(verification.checkedAt).toLocaleString()}.</p>
      ) : null}
      {error ? <ErrorMessage error={error} title="Could not check" /> : null}
      {!verified && canCheck ? (
        <div>
          <button type="button" onClick={onCheck} disabled={pending}>
            {pending ? 'Checking…' : 'Check now'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
