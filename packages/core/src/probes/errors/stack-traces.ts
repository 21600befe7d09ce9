/** Stack traces and internal paths in answers (docs/spec `errors.stack_trace_leak`). */

interface Pattern {
  name: string;
  /** Literal text every match contains: found with indexOf, so long bodies are scanned in linear time. */
  needles: string[];
  /** Run only on a window around each needle, with bounded repetitions. */
  pattern: RegExp;
}

const PATTERNS: Pattern[] = [
  {
    // `at parseBody (/app/src/server.js:40:12)`, `at /app/x.js:1:2`, `at file:///app/x.mjs:1:2`
    name: 'a Node.js stack trace',
    needles: ['at '],
    pattern:
      /\bat (?:async )?(?:[\w$.<>[\] ]{1,200} )?\(?(?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^\s()'"]{1,300}:\d+:\d+/,
  },
  {
    name: 'a Python traceback',
    needles: ['Traceback (most recent call last)', 'File "'],
    pattern: /Traceback \(most recent call last\)|File "[^"\n]{1,300}", line \d+, in /,
  },
  {
    name: 'a Java stack trace',
    needles: ['Exception in thread "', '.java:', '.kt:', '.scala:'],
    pattern:
      /Exception in thread "|\bat [\w$]{1,100}(?:\.[\w$<>]{1,100}){1,30}\([\w$]{1,100}\.(?:java|kt|scala):\d+\)/,
  },
  { name: 'a .NET stack trace', needles: ['.cs:line '], pattern: / in [^\s]{1,300}\.cs:line \d+/ },
  {
    name: 'a Ruby backtrace',
    needles: ['.rb:'],
    pattern: /[\w/.-]{1,300}\.rb:\d+:in [`'][^'`\n]{1,200}'/,
  },
  {
    name: 'a PHP stack trace',
    needles: ['.php(', '.php on line '],
    pattern: /#\d+ (?:\/|[A-Za-z]:\\)[^\s(]{1,300}\.php\(\d+\)|\.php on line \d+/,
  },
  {
    name: 'a Go panic trace',
    needles: ['goroutine ', '.go:'],
    pattern: /goroutine \d+ \[running\]|\/[\w/.-]{1,300}\.go:\d+ \+0x[0-9a-f]+/,
  },
  {
    name: 'an internal path (node_modules)',
    needles: ['/node_modules/'],
    pattern: /\/node_modules\//,
  },
];

const WINDOW = 400;
/** Needle occurrences examined per pattern: enough for any real trace, bounded for hostile bodies. */
const MAX_OCCURRENCES = 200;

export interface StackTraceMatch {
  /** What was recognised, e.g. `a Node.js stack trace`. */
  kind: string;
  /** The line around the match (at most ~300 characters). */
  excerpt: string;
}

function excerptAround(text: string, index: number, length: number): string {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const lineEnd = text.indexOf('\n', index + length);
  const start = Math.max(lineStart, index - 150);
  const end = Math.min(lineEnd === -1 ? text.length : lineEnd, index + length + 150);
  return text
    .slice(start, end)
    .trim()
    .replace(/["}\],]+$/, '');
}

/** Finds the first stack trace or internal path in `text` (JSON-escaped newlines read as newlines). */
export function findStackTrace(text: string): StackTraceMatch | undefined {
  const readable = text
    .slice(0, 1024 ** 2)
    .replace(/\\n/g, '\n')
    .replace(/\\\//g, '/');
  for (const { name, needles, pattern } of PATTERNS) {
    for (const needle of needles) {
      let from = 0;
      for (let seen = 0; seen < MAX_OCCURRENCES; seen += 1) {
        const at = readable.indexOf(needle, from);
        if (at === -1) break;
        from = at + needle.length;
        const windowStart = Math.max(0, at - WINDOW);
        const window = readable.slice(windowStart, at + WINDOW);
        const match = pattern.exec(window);
        if (match)
          return {
            kind: name,
            excerpt: excerptAround(readable, windowStart + match.index, match[0].length),
          };
      }
    }
  }
  return undefined;
}
