import type { Resolver } from '@shakedown/core/http';

function dnsError(code: string, hostname: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname });
}

/**
 * A DNS resolver of fixed answers, for the API's URL checks: a name in `answers` resolves to
 * its address (nothing connects to it unless a test does), `hang.test` never answers,
 * `servfail.test` fails with ESERVFAIL, anything else is ENOTFOUND, as on a machine without
 * that DNS answer.
 */
export function fixedResolver(answers: Record<string, string> = {}): Resolver {
  return (hostname) => {
    const name = hostname.toLowerCase();
    if (name === 'hang.test') return new Promise(() => undefined);
    if (name === 'servfail.test') return Promise.reject(dnsError('ESERVFAIL', hostname));
    const address = answers[name] ?? (name === 'localhost' ? '127.0.0.1' : undefined);
    if (address === undefined) return Promise.reject(dnsError('ENOTFOUND', hostname));
    return Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);
  };
}
