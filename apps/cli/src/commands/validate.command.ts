import type { CliIo } from '../cli-io';
import { loadConfigFile } from '../config-file';
import { ExitCode } from '../exit-codes';

/** `shakedown validate`: parses the config (with `${ENV}` filled in) without sending a request. */
export async function validateCommand(options: { config: string }, io: CliIo): Promise<ExitCode> {
  const { config, file } = await loadConfigFile(options.config, io);
  const routes = config.routes.length;
  const probes = config.probes?.include
    ? config.probes.include.join(', ')
    : 'every probe the routes allow';
  io.stdout.write(
    `${file} is valid: target ${config.target.name} (${config.target.baseUrl}), ` +
      `${routes} route${routes === 1 ? '' : 's'}, probes: ${probes}\n`,
  );
  return ExitCode.ok;
}
