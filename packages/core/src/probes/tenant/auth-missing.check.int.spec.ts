import { findingOf, runSuite, statuses } from '../../../test/targets/run-probe';
import { useNotesTarget } from '../../../test/targets/use-notes-target';

describe('tenant probe: no credentials', () => {
  const notes = useNotesTarget('tenant');

  it('finds routes that answer without credentials', async () => {
    const report = await notes.run({ authOptional: true });
    expect(statuses(report, ['auth.missing'])).toEqual({ 'auth.missing': 'failed' });
    expect(statuses(report, ['auth.missing'], 'list-notes')).toEqual({ 'auth.missing': 'failed' });
    const exchange = findingOf(report, 'auth.missing', 'list-notes').evidence.exchanges[0]!;
    expect(exchange.request.headers.Authorization).toBeUndefined();
    expect(exchange.response!.status).toBe(200);
  });

  it('leaves a route marked public alone, and still checks the others', async () => {
    const target = await notes.start({ authOptional: true });
    const config = target.config();
    const routes = config.routes.map((route) =>
      route.id === 'list-notes' ? { ...route, public: true } : route,
    );
    const report = await runSuite({ ...config, routes }, ['tenant']);
    expect(statuses(report, ['auth.missing'], 'list-notes')).toEqual({
      'auth.missing': 'skipped',
    });
    expect(statuses(report, ['auth.missing'])).toEqual({ 'auth.missing': 'failed' });
    expect(report.findings.filter((finding) => finding.route === 'list-notes')).toEqual([]);
  });
});
