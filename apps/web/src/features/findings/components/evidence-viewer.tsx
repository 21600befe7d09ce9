import type { Evidence, Exchange } from '@shakedown/core/report';
import { formatBytes } from '@shakedown/core/config';

import { CopyButton } from '../../../components/copy-button';
import { CopyWithCredentials } from './copy-with-credentials';
import { byteLength, isBodyTruncated, toCurl, toRaceScript } from '../utils/to-curl';

/** Pretty-prints JSON bodies; anything else (or a cut-off JSON body) is shown as it came. */
function formatBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Headers({ title, headers }: { title: string; headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted">{title}: none</p>;
  return (
    <details>
      <summary>
        {title} ({entries.length})
      </summary>
      <div className="table-wrap">
        <table>
          <tbody>
            {entries.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>
                  <code>{value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Body({ label, preview, bytes }: { label: string; preview?: string; bytes?: number }) {
  if (preview === undefined && bytes === undefined) return null;
  const shown = preview ?? '';
  const truncated = isBodyTruncated({ bodyPreview: shown, bodyBytes: bytes });
  return (
    <div>
      <h5 className="muted">
        {label}
        {truncated && bytes !== undefined
          ? ` (first ${formatBytes(byteLength(shown))} of ${formatBytes(bytes)})`
          : bytes !== undefined
            ? ` (${formatBytes(bytes)})`
            : ''}
      </h5>
      <pre aria-label={label}>{formatBody(shown)}</pre>
    </div>
  );
}

function ExchangeView({
  exchange,
  index,
  count,
}: {
  exchange: Exchange;
  index: number;
  count: number;
}) {
  const { request, response } = exchange;
  const name = `Exchange ${index + 1} of ${count}${exchange.note ? `: ${exchange.note}` : ''}`;
  const curl = toCurl(request);
  return (
    <article className="exchange" aria-label={name}>
      <h4>{name}</h4>
      <section aria-label={`Request ${index + 1}`}>
        <p>
          <strong>Request</strong>{' '}
          <code>
            {request.method} {request.url}
          </code>
        </p>
        <Headers title="Request headers" headers={request.headers} />
        <Body label="Request body" preview={request.bodyPreview} bytes={request.bodyBytes} />
      </section>
      <section aria-label={`Response ${index + 1}`}>
        {response ? (
          <>
            <p>
              <strong>Response</strong> <code>{response.status}</code>{' '}
              <span className="muted">in {Math.round(response.ms)} ms</span>
            </p>
            <Headers title="Response headers" headers={response.headers} />
            <Body label="Response body" preview={response.bodyPreview} bytes={response.bodyBytes} />
          </>
        ) : (
          <p>
            <strong>No response:</strong> {exchange.error ?? 'no answer was recorded'}
          </p>
        )}
      </section>
      <div className="row">
        <CopyButton text={curl} label="Copy as curl" />
        <CopyWithCredentials request={request} />
      </div>
      <details>
        <summary>Show the curl command</summary>
        <pre aria-label="curl command">{curl}</pre>
        <p className="muted">Secrets from the config are masked: put yours back before running.</p>
      </details>
    </article>
  );
}

/** A race (requests the probe sent at once) replayed as a bash script: `curl … &`, `wait`. */
function RaceReplay({ exchanges }: { exchanges: readonly Exchange[] }) {
  const script = toRaceScript(exchanges.map((exchange) => exchange.request));
  return (
    <section className="card" aria-label="Parallel replay">
      <p>
        These {exchanges.length} requests were sent at the same time. One curl replays one of them;
        this script sends them all at once, as the probe did.
      </p>
      <div className="row">
        <CopyButton text={script} label="Copy the parallel replay (bash)" />
      </div>
      <details>
        <summary>Show the script</summary>
        <pre aria-label="parallel replay script">{script}</pre>
      </details>
    </section>
  );
}

/** The requests and responses that prove a finding, ready to replay. */
export function EvidenceViewer({ evidence }: { evidence: Evidence }) {
  const { exchanges, ...rest } = evidence;
  const extras = Object.entries(rest);
  const parallel = exchanges.filter((exchange) => /\bparallel\b/i.test(exchange.note ?? ''));
  return (
    <section className="stack" aria-label="Evidence">
      {parallel.length > 1 ? <RaceReplay exchanges={parallel} /> : null}
      {exchanges.length === 0 ? (
        <p className="muted">No requests were recorded for this finding.</p>
      ) : (
        exchanges.map((exchange, index) => (
          <ExchangeView key={index} exchange={exchange} index={index} count={exchanges.length} />
        ))
      )}
      {extras.length > 0 ? (
        <dl aria-label="Evidence details">
          {extras.map(([key, value]) => (
            <div key={key} className="row">
              <dt>
                <code>{key}</code>
              </dt>
              <dd>
                <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
