import { runSuite } from '../../test/targets/run-probe';
import { startTarget, type RunningTarget } from '../../test/targets/start-target';

describe('{{unique}} on the wire', () => {
  let target: RunningTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it('sends a fresh value per create and the same one on every retry of a key', async () => {
    const sent: { key: string | undefined; title: string }[] = [];
    let next = 1;
    const byKey = new Map<string, string>();
    target = await startTarget((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        if (request.method === 'DELETE') return void response.writeHead(204).end();
        const key = request.headers['idempotency-key'] as string | undefined;
        const { title } = JSON.parse(text || '{}') as { title: string };
        sent.push({ key, title });
        const replay = key === undefined ? undefined : byKey.get(key);
        const body = replay ?? JSON.stringify({ id: next++, title });
        if (key !== undefined) byKey.set(key, body);
        response.writeHead(201, { 'content-type': 'application/json' }).end(body);
      });
    });
    await runSuite(
      {
        version: 1,
        target: { name: 'unique', baseUrl: target.url },
        routes: [
          {
            id: 'create',
            method: 'POST',
            path: '/things',
            body: { title: 'thing-{{unique}}' },
            idempotency: { header: 'Idempotency-Key' },
            resource: { idPath: '/id', delete: { method: 'DELETE', path: '/things/{id}' } },
          },
        ],
      },
      ['idempotency'],
    );
    const posts = sent.filter((entry) => entry.title !== undefined);
    expect(posts.length).toBeGreaterThan(3);
    // replay_mismatch sends the body changed (` (changed)`) under the same key.
    const valueOf = (title: string) => /^thing-([a-z0-9]{8})(?: \(changed\))?$/.exec(title)?.[1];
    for (const { title } of posts) expect(valueOf(title)).toBeDefined();
    const titlesByKey = new Map<string, Set<string>>();
    for (const { key, title } of posts) {
      if (key === undefined) continue;
      titlesByKey.set(key, (titlesByKey.get(key) ?? new Set()).add(valueOf(title)!));
    }
    // Retries of one key carry one value; different keys, different values.
    expect([...titlesByKey.values()].every((titles) => titles.size === 1)).toBe(true);
    const distinct = new Set([...titlesByKey.values()].map((titles) => [...titles][0]));
    expect(distinct.size).toBe(titlesByKey.size);
  });
});
