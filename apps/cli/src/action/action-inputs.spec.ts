import { CliError } from '../exit-codes';
import { planAction } from './action-inputs';

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('the GitHub Action inputs', () => {
  it('default to a SARIF run of shakedown.yml failing on high', () => {
    expect(planAction(inputs({}))).toEqual({
      args: [
        'run',
        '--config',
        'shakedown.yml',
        '--format',
        'sarif',
        '--out',
        'shakedown.sarif',
        '--fail-on',
        'high',
      ],
      out: 'shakedown.sarif',
      format: 'sarif',
      failOn: 'high',
    });
  });

  it('pass probes, baseline and the report file on; the file extension follows the format', () => {
    const plan = planAction(
      inputs({ format: 'junit', probes: 'schema,tenant', baseline: 'b.json', 'fail-on': 'medium' }),
    );
    expect(plan.args).toEqual([
      'run',
      '--config',
      'shakedown.yml',
      '--format',
      'junit',
      '--out',
      'shakedown.xml',
      '--fail-on',
      'medium',
      '--probes',
      'schema,tenant',
      '--baseline',
      'b.json',
    ]);
  });

  it('run on the hosted service with api, keeping the token off the command line', () => {
    const plan = planAction(
      inputs({
        api: 'https://s.example/api',
        target: 'orders',
        token: 'sk_1',
        baseline: 'previous',
        timeout: '20m',
      }),
    );
    expect(plan.args).toEqual([
      'remote',
      'run',
      '--api',
      'https://s.example/api',
      '--target',
      'orders',
      '--format',
      'sarif',
      '--out',
      'shakedown.sarif',
      '--fail-on',
      'high',
      '--baseline',
      'previous',
      '--timeout',
      '20m',
    ]);
    expect(plan.token).toBe('sk_1');
    expect(plan.args.join(' ')).not.toContain('sk_1');
  });

  it.each([
    [{ format: 'xml' }, 'input format is "xml"; choose from text, json, junit, sarif'],
    [{ 'fail-on': 'urgent' }, 'input fail-on is "urgent"'],
    [{ api: 'https://s.example/api' }, 'input api needs input target'],
    [{ target: 'orders' }, 'inputs target and token are for hosted runs: add api'],
  ])('refuse %j as a usage error (exit 2)', (values, message) => {
    const plan = () => planAction(inputs(values));
    expect(plan).toThrow(CliError);
    expect(plan).toThrow(message);
  });
});
