import type { Socket } from 'node:net';

import type { buildConnector } from 'undici';

import { connectWith } from './guarded-connector';

/**
 * One fresh connection to `url` per request of a simultaneous batch, all or nothing: when one is
 * refused, the others are closed and the refusal is the answer (nothing was sent).
 */
export async function connectEach(
  connector: buildConnector.connector,
  url: URL,
  count: number,
): Promise<{ sockets: Socket[] } | { refused: unknown }> {
  const connected = await Promise.allSettled(
    Array.from({ length: count }, () => connectWith(connector, url)),
  );
  const refused = connected.find((outcome) => outcome.status === 'rejected');
  if (!refused) {
    return {
      sockets: connected.map((outcome) => (outcome as PromiseFulfilledResult<Socket>).value),
    };
  }
  for (const outcome of connected) if (outcome.status === 'fulfilled') outcome.value.destroy();
  return { refused: refused.reason as unknown };
}

/**
 * A connector that hands out the already connected `socket` first, then connects anew. undici
 * needs the connector to answer asynchronously; a microtask keeps every request of the batch in
 * the same tick.
 */
export function handingOver(
  socket: Socket,
  connector: buildConnector.connector,
): buildConnector.connector {
  let handed: Socket | undefined = socket;
  return (options, callback) => {
    const ready = handed;
    handed = undefined;
    if (ready && !ready.destroyed) queueMicrotask(() => callback(null, ready));
    else connector(options, callback);
  };
}
