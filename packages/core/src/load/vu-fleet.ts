import { buildConnector, type Client, type Dispatcher } from 'undici';

import type { Clock } from '../http/clock';
import { Http1Connection, type Http1Origin } from './http1-connection';
import { LoadVu, type VuOwner } from './load-vu';

/** How often requests on the engine's own connections are checked against the timeout. */
const TIMEOUT_SWEEP_MS = 250;

export interface VuFleetOptions {
  origin: Http1Origin;
  timeoutMs: number;
  /** Shared dispatcher (e.g. the hosted service's SSRF-guarded agent); else one connection per VU. */
  dispatcher?: Dispatcher;
  /** How the engine's own connections connect (undici's `connect` option); e.g. the SSRF guard. */
  connect?: Client.Options['connect'];
}

/**
 * The VUs of a stage and their connections: one keep-alive connection of the engine's own per
 * VU (requests on them are timed out by a sweep, not a timer each), or a shared dispatcher.
 */
export class VuFleet {
  private readonly vus: LoadVu[] = [];
  private readonly connections: Http1Connection[] = [];
  private readonly connector: buildConnector.connector | undefined;

  constructor(private readonly options: VuFleetOptions) {
    if (!options.dispatcher) {
      const connect = options.connect;
      this.connector =
        typeof connect === 'function'
          ? connect
          : buildConnector({ timeout: options.timeoutMs, ...connect });
    }
  }

  get size(): number {
    return this.vus.length;
  }

  /** A new VU with its own connection (or on the shared dispatcher). */
  create(owner: VuOwner): LoadVu {
    let vu: LoadVu;
    if (this.connector) {
      const connection = new Http1Connection(this.options.origin, this.connector);
      this.connections.push(connection);
      vu = new LoadVu(owner, connection, null);
    } else {
      vu = new LoadVu(owner, null, this.options.dispatcher ?? null);
    }
    this.vus.push(vu);
    return vu;
  }

  /** Fails requests on the engine's own connections that outlive the timeout, until `signal`. */
  async sweepTimeouts(clock: Clock, signal: AbortSignal): Promise<void> {
    if (!this.connector) return;
    while (!signal.aborted) {
      try {
        await clock.sleep(TIMEOUT_SWEEP_MS, signal);
      } catch {
        return;
      }
      const now = clock.now();
      for (const vu of this.vus) vu.expire(now, this.options.timeoutMs);
    }
  }

  /** How long the oldest request in flight has waited at clock time `now`. */
  oldestInFlightMs(now: number): number {
    let oldest = 0;
    for (const vu of this.vus) {
      if (vu.isActive) oldest = Math.max(oldest, now - vu.startedAt);
    }
    return oldest;
  }

  /** Interrupts every VU and closes the engine's connections for good. */
  close(): void {
    for (const vu of this.vus) vu.interrupt();
    const closed = new Error('the load stage ended');
    for (const connection of this.connections) connection.close(closed);
  }
}
