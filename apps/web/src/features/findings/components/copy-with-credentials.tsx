import type { ExchangeRequest } from '@shakedown/core/report';
import { useContext, useState } from 'react';

import { isMaskedRequest, toCurl } from '../utils/to-curl';
import { RevealRequestContext } from './reveal-context';

type State =
  | { state: 'idle' }
  | { state: 'revealing' }
  | { state: 'copied'; stillMasked: string[] }
  | { state: 'failed'; message: string };

/**
 * "Copy with real credentials", for admins and owners, on a request whose evidence masked a
 * credential: the stored secrets are revealed through the audited endpoint and a runnable curl
 * is copied. The command itself is never shown on the page.
 */
export function CopyWithCredentials({ request }: { request: ExchangeRequest }) {
  const reveal = useContext(RevealRequestContext);
  const [status, setStatus] = useState<State>({ state: 'idle' });
  if (!reveal || !isMaskedRequest(request)) return null;

  async function copy() {
    setStatus({ state: 'revealing' });
    try {
      const revealed = await reveal!(request);
      await navigator.clipboard.writeText(toCurl(revealed.request));
      setStatus({ state: 'copied', stillMasked: revealed.stillMasked });
    } catch (error) {
      setStatus({
        state: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return (
    <span className="row">
      <button
        type="button"
        className="secondary"
        disabled={status.state === 'revealing'}
        onClick={() => void copy()}
      >
        Copy with real credentials
      </button>
      <span role="status" aria-live="polite" className="muted">
        {status.state === 'revealing'
          ? 'Revealing the stored credentials…'
          : status.state === 'copied'
            ? status.stillMasked.length > 0
              ? `Copied; still masked (no stored credential matched): ${status.stillMasked.join(', ')}`
              : 'Copied with real credentials (the reveal is audited)'
            : status.state === 'failed'
              ? `Could not copy with real credentials: ${status.message}`
              : ''}
      </span>
    </span>
  );
}
