// Sums the gzip size of the JavaScript the built dashboard loads before it can show anything:
// the entry scripts of dist/index.html, the modules it preloads, and every module those import
// statically (dynamic import() chunks, the lazy pages and charts, are not counted). Prints each
// file, the total and the limit, and exits 1 over the limit. Run after `vite build`.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT_BYTES = 300 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const htmlPath = join(dist, 'index.html');
if (!existsSync(htmlPath)) {
  console.error('dist/index.html is missing: run `vite build` first.');
  process.exit(2);
}
const html = readFileSync(htmlPath, 'utf8');

/** `/assets/x.js` as written in the HTML → path inside dist. */
const toDistPath = (url) => url.replace(/^\//, '').split('?')[0];

const roots = new Set();
for (const [, src] of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g))
  roots.add(toDistPath(src));
for (const [, href] of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
  roots.add(toDistPath(href));

// Static imports in a built chunk: `import{a as b}from"./x.js"`, `import"./y.js"`, `export*from"./z.js"`.
const STATIC_IMPORT =
  /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;

const seen = new Set();
const queue = [...roots];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, specifier] of code.matchAll(STATIC_IMPORT)) {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue;
    const resolved = specifier.startsWith('/')
      ? toDistPath(specifier)
      : posix.normalize(posix.join(posix.dirname(file), specifier));
    if (!seen.has(resolved)) queue.push(resolved);
  }
}

let total = 0;
const rows = [...seen].sort().map((file) => {
  const raw = readFileSync(join(dist, file));
  const gzip = gzipSync(raw).length;
  total += gzip;
  return { file, raw: raw.length, gzip };
});

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log('Initial JavaScript of the dashboard (gzip, default level):');
for (const row of rows)
  console.log(
    `  ${row.file.padEnd(48)} ${kb(row.raw).padStart(11)} raw  ${kb(row.gzip).padStart(10)} gzip`,
  );
console.log(`Total initial JS: ${kb(total)} gzip (limit ${kb(LIMIT_BYTES)})`);
if (total > LIMIT_BYTES) {
  console.error(`Over the limit by ${kb(total - LIMIT_BYTES)}.`);
  process.exit(1);
}
console.log(`Under the limit by ${kb(LIMIT_BYTES - total)}.`);
