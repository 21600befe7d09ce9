import { resolveTxt as systemResolveTxt } from 'node:dns/promises';

import { guardedFetch } from '../http/guarded-connector';
import { parseAllowEntry, type AllowEntry } from '../http/network-allowlist';
import {
  hostnameOf,
  portOf,
  systemResolver,
  type NetworkPolicy,
  type Resolver,
} from '../http/network-policy';
import { parseAddress } from '../http/public-address';

export const WELL_KNOWN_PATH = '/.well-known/shakedown-verification.txt';
export const DNS_PREFIX = 'shakedown-verification=';

/**
 * Hosts the deployment allowlists (`TARGET_ALLOWLIST`: hosts, host:port, addresses, CIDRs):
 * targets there count as verified without a token (the bundled demo API, loopback in tests).
 */
export class TargetAllowlist {
  private readonly entries: AllowEntry[];

  constructor(
    entries: readonly string[],
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.entries = entries.map(parseAllowEntry);
  }

  async allows(baseUrl: string): Promise<boolean> {
    if (this.entries.length === 0) return false;
    const url = new URL(baseUrl);
    const hostname = hostnameOf(url).toLowerCase().replace(/\.$/, '');
    const port = portOf(url);
    const candidates = this.entries.filter(
      (entry) => entry.port === undefined || entry.port === port,
    );
    if (
      candidates.some(
        (entry) =>
          entry.host !== undefined &&
          (entry.wildcard ? hostname.endsWith(`.${entry.host}`) : hostname === entry.host),
      )
    ) {
      return true;
    }
    const ranges = candidates.filter((entry) => entry.range !== undefined);
    if (ranges.length === 0) return false;
    let addresses: string[];
    const literal = parseAddress(hostname);
    if (literal) addresses = [literal.toString()];
    else {
      try {
        addresses = (await this.resolve(hostname)).map((answer) => answer.address);
      } catch {
        return false;
      }
    }
    return (
      addresses.length > 0 &&
      addresses.every((text) => {
        const parsed = parseAddress(text);
        if (!parsed) return false;
        const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)?.[1];
        const address = (mapped ? parseAddress(mapped) : undefined) ?? parsed;
        return ranges.some((entry) => {
          const [base, bits] = entry.range!;
          return address.kind() === base.kind() && address.match(base, bits);
        });
      })
    );
  }
}

export interface VerificationOutcome {
  status: 'verified' | 'failed';
  method: 'http' | 'dns' | 'allowlist' | null;
  error: string | null;
}

export interface OwnershipVerifierOptions {
  allowlist: TargetAllowlist;
  /** The SSRF guard for the HTTP check. */
  policy: NetworkPolicy;
  resolveTxt?: (hostname: string) => Promise<string[][]>;
  timeoutMs?: number;
}

/**
 * Proves the caller controls a target before any probe runs: the token served at
 * `<origin>/.well-known/shakedown-verification.txt`, or a DNS TXT record
 * `shakedown-verification=<token>` on the host. Allowlisted hosts count as verified.
 */
export class OwnershipVerifier {
  constructor(private readonly options: OwnershipVerifierOptions) {}

  isAllowlisted(baseUrl: string): Promise<boolean> {
    return this.options.allowlist.allows(baseUrl);
  }

  async verify(baseUrl: string, token: string): Promise<VerificationOutcome> {
    if (await this.options.allowlist.allows(baseUrl)) {
      return { status: 'verified', method: 'allowlist', error: null };
    }
    const httpProblem = await this.checkHttp(baseUrl, token);
    if (httpProblem === undefined) return { status: 'verified', method: 'http', error: null };
    const dnsProblem = await this.checkDns(hostnameOf(new URL(baseUrl)), token);
    if (dnsProblem === undefined) return { status: 'verified', method: 'dns', error: null };
    return { status: 'failed', method: null, error: `${httpProblem}; ${dnsProblem}` };
  }

  private async checkHttp(baseUrl: string, token: string): Promise<string | undefined> {
    const url = `${new URL(baseUrl).origin}${WELL_KNOWN_PATH}`;
    try {
      const response = await guardedFetch(
        url,
        { signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000) },
        this.options.policy,
      );
      if (response.status !== 200) {
        await response.body?.cancel();
        return `GET ${url} answered ${response.status}`;
      }
      const text = await readAtMost(response, 4096);
      return text.split(/\s+/).includes(token)
        ? undefined
        : `GET ${url} does not contain the token`;
    } catch (error) {
      return `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async checkDns(hostname: string, token: string): Promise<string | undefined> {
    const expected = `${DNS_PREFIX}${token}`;
    try {
      const records = await (this.options.resolveTxt ?? systemResolveTxt)(hostname);
      if (records.some((chunks) => chunks.join('').trim() === expected)) return undefined;
      return `no TXT record "${expected}" on ${hostname}`;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return `no TXT record "${expected}" on ${hostname}${typeof code === 'string' ? ` (${code})` : ''}`;
    }
  }
}

async function readAtMost(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || !value) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
