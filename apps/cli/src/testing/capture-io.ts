import type { CliIo, OutputStream } from '../cli-io';

export interface CapturedStream extends OutputStream {
  text(): string;
}

export function captureStream(options: { isTTY?: boolean; columns?: number } = {}): CapturedStream {
  const chunks: string[] = [];
  return {
    ...options,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

export interface CapturedIo extends CliIo {
  stdout: CapturedStream;
  stderr: CapturedStream;
  /** Simulates Ctrl-C. */
  interrupt(): void;
}

/** An in-memory `CliIo`: output captured, Ctrl-C triggered by hand. */
export function captureIo(
  options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {},
): CapturedIo {
  const listeners = new Set<() => void>();
  return {
    stdout: captureStream({ isTTY: options.tty ?? false, columns: 120 }),
    stderr: captureStream({ isTTY: options.tty ?? false, columns: 120 }),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    interrupt() {
      for (const listener of [...listeners]) listener();
    },
  };
}
