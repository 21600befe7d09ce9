import { findingOf, runSuite, statusOf } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';
import { DUPLICATE_ON_LOST } from './lost-response.check';

describe('idempotency probe: a retry after a lost answer', () => {
  const notes = useNotesTarget('idempotency');

  it('finds a server that stores the key only once its answer is written', async () => {
    const report = await notes.run({ idempotency: 'after-answer' });
    const finding = findingOf(report, DUPLICATE_ON_LOST);
    expect(finding.severity).toBe('high');
    expect(finding.title).toBe('A retry after a lost answer created a second resource (2 in all)');
    const [before, lost, ...rest] = finding.evidence.exchanges;
    expect(before!.request.method).toBe('GET');
    expect(lost!.request.method).toBe('POST');
    expect(lost!.response).toBeUndefined();
    expect(rest.at(-2)!.response?.status).toBe(201);
    // The server read both requests of the key: the lost one and one retry.
    const key = lost!.request.headers['Idempotency-Key'];
    expect(key).toMatch(/^shakedown-/);
    const withKey = notes.target.seen.filter(
      (request) => request.headers['idempotency-key'] === key,
    );
    expect(withKey.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it.each(['atomic-409', 'atomic-wait'] as const)(
    'passes a server that claims the key before the work (%s)',
    async (idempotency) => {
      const report = await notes.run({ idempotency });
      expect(statusOf(report, DUPLICATE_ON_LOST)).toBe('passed');
      expect(report.findings).toEqual([]);
    },
  );

  it('is skipped on a route without a list to count with', async () => {
    const target = await notes.start({ idempotency: 'after-answer' });
    const config = target.config();
    const route = config.routes[0]!;
    const { list: _list, ...resource } = route.resource!;
    const report = await runSuite(
      { ...config, routes: [{ ...route, resource }, ...config.routes.slice(1)] },
      ['idempotency'],
    );
    expect(statusOf(report, DUPLICATE_ON_LOST)).toBe('skipped');
  });
});
