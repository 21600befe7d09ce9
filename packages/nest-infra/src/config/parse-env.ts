import type { z } from 'zod';

/** Thrown at start-up with every problem of the environment, one per line. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Parses the environment once with `schema`; fails fast naming each bad or missing variable. */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigurationError(`invalid environment:\n${lines.join('\n')}`);
}
