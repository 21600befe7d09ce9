import type { TransportFailure } from './http-types';

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Names a transport failure the way evidence shows it. */
export function describeTransportFailure(error: unknown): TransportFailure {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown }).cause);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return {
        kind: 'reset',
        code,
        message: `connection closed before any answer (${code}: ${message})`,
      };
    case 'ECONNREFUSED':
      return { kind: 'refused', code, message: `connection refused (${message})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns', code, message: `host not found (${message})` };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return { kind: 'timeout', code, message: `no answer in time (${code}: ${message})` };
    default:
      return code === undefined
        ? { kind: 'other', message }
        : { kind: 'other', code, message: `${code}: ${message}` };
  }
}

/** Whether `error` is undici's or the platform's abort (the run's signal fired). */
export function isAbort(error: unknown): boolean {
  const code = errorCode(error);
  return (
    code === 'UND_ERR_ABORTED' ||
    code === 'ABORT_ERR' ||
    (error instanceof Error &&
      (error.name === 'AbortError' || error.name === 'RequestAbortedError'))
  );
}

/** An error with a code {@link describeTransportFailure} names (undici's codes where they exist). */
export function transportError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
