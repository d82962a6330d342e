import type { z } from 'zod';

import { PermanentError } from '../errors';

export class ConfigError extends PermanentError<'CONFIG'> {
  constructor(message: string) {
    super('CONFIG', message);
  }
}

/**
 * Parses `env` against a zod schema whose keys are the environment variable names, and
 * returns a frozen result. Fails with every problem listed, each naming its variable,
 * before any connection is opened.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const given = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
      return `  ${name}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
