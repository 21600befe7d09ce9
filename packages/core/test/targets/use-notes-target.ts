import type { ProbeName } from '../../src/config/config.schema';
import { codesOfProbe } from '../../src/findings/catalogue';
import type { RunProbesOptions } from '../../src/probes/engine';
import type { Report } from '../../src/report/report.schema';
import { startNotesTarget, type NotesBehaviour, type NotesTarget } from './notes.target';
import { runSuite } from './run-probe';

/**
 * Codes the notes config cannot decide by design: the constraint check needs a body schema,
 * which its own spec adds. `codes` leaves them out so the probes' specs compare whole sets.
 */
const NEEDS_OWN_CONFIG: readonly string[] = ['schema.constraint_violation_persisted'];

export interface NotesRunOptions {
  /** Overrides of the target's config (budget, tenants, probes). */
  config?: Parameters<NotesTarget['config']>[0];
  /** Notes that exist before the run. */
  seed?: Parameters<typeof startNotesTarget>[1];
  /** Other probes than the suite's own. */
  include?: ProbeName[];
  engine?: RunProbesOptions;
}

/**
 * One notes target per test, closed after each: `run` starts it with a behaviour and runs
 * `probe` against it, as the CLI would; `codes` are the probe's checks.
 */
export function useNotesTarget(probe: ProbeName) {
  let current: NotesTarget | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const start = async (
    behaviour: NotesBehaviour = {},
    seed?: NotesRunOptions['seed'],
  ): Promise<NotesTarget> => {
    await current?.close();
    current = await startNotesTarget(behaviour, seed);
    return current;
  };
  return {
    codes: codesOfProbe(probe).filter((code) => !NEEDS_OWN_CONFIG.includes(code)),
    start,
    /** The target the test started last. */
    get target(): NotesTarget {
      if (!current) throw new Error('no notes target was started');
      return current;
    },
    async run(behaviour: NotesBehaviour = {}, options: NotesRunOptions = {}): Promise<Report> {
      const target = await start(behaviour, options.seed);
      return runSuite(target.config(options.config), options.include ?? [probe], options.engine);
    },
  };
}
