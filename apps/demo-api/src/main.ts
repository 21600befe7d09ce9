import { createDemoApi } from './server';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4010);

createDemoApi().listen(port, host, () => {
  process.stdout.write(`demo API listening on http://${host}:${port}\n`);
});
