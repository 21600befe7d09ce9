/** Stack traces and internal paths in answers (shared/spec `errors.stack_trace_leak`). */

const PATTERNS: { name: string; pattern: RegExp }[] = [
  // Node.js / V8: `at parseBody (/app/src/server.js:40:12)`, `at /app/x.js:1:2`, `at file:///app/x.mjs:1:2`
  {
    name: 'a Node.js stack trace',
    pattern:
      /\bat (?:async )?(?:[\w$.<>[\]\s]+ )?\(?(?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^\s()'"]+:\d+:\d+\)?/,
  },
  {
    name: 'a Python traceback',
    pattern: /Traceback \(most recent call last\)|File "[^"]+", line \d+, in /,
  },
  {
    name: 'a Java stack trace',
    pattern: /Exception in thread "|\bat [\w$]+(?:\.[\w$<>]+)+\([\w$]+\.(?:java|kt|scala):\d+\)/,
  },
  { name: 'a .NET stack trace', pattern: /\bat [\w.`<>]+\(.*\) in .+\.cs:line \d+/ },
  { name: 'a Ruby backtrace', pattern: /[\w/.-]+\.rb:\d+:in [`'][^'`]+'/ },
  {
    name: 'a PHP stack trace',
    pattern: /#\d+ (?:\/|[A-Za-z]:\\)[^\s(]+\.php\(\d+\)|\.php on line \d+/,
  },
  {
    name: 'a Go panic trace',
    pattern: /goroutine \d+ \[running\]|\/[\w/.-]+\.go:\d+ \+0x[0-9a-f]+/,
  },
  { name: 'an internal path (node_modules)', pattern: /\/node_modules\// },
];

export interface StackTraceMatch {
  /** What was recognised, e.g. `a Node.js stack trace`. */
  kind: string;
  /** The lines around the match (at most ~300 characters). */
  excerpt: string;
}

/** Finds the first stack trace or internal path in `text` (JSON-escaped newlines are read as newlines). */
export function findStackTrace(text: string): StackTraceMatch | undefined {
  const readable = text
    .slice(0, 1024 ** 2)
    .replace(/\\n/g, '\n')
    .replace(/\\\//g, '/');
  for (const { name, pattern } of PATTERNS) {
    const match = pattern.exec(readable);
    if (!match) continue;
    const start = readable.lastIndexOf('\n', match.index) + 1;
    const endOfLine = readable.indexOf('\n', match.index + match[0].length);
    const end = endOfLine === -1 ? readable.length : endOfLine;
    const excerpt = readable
      .slice(Math.max(start, match.index - 150), Math.min(end, match.index + 150))
      .trim();
    return { kind: name, excerpt };
  }
  return undefined;
}
