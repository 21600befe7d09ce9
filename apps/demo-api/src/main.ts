import { parseExtraDefects } from './defects';
import { createDemoApi } from './server';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4010);

let extraDefects;
try {
  extraDefects = parseExtraDefects(process.env.DEMO_EXTRA_DEFECTS);
} catch (error) {
  process.stderr.write(`DEMO_EXTRA_DEFECTS: ${(error as Error).message}\n`);
  process.exit(2);
}

createDemoApi({ extraDefects }).listen(port, host, () => {
  const extra = extraDefects.length > 0 ? ` (extra defects: ${extraDefects.join(', ')})` : '';
  process.stdout.write(`demo API listening on http://${host}:${port}${extra}\n`);
});
