import { amqpEnv, cassandraEnv, loadConfig, logEnv, postgresEnv } from '@fareflow/shared';
import { z } from 'zod';

export const cliEnvSchema = z.object({ ...logEnv, ...postgresEnv, ...amqpEnv, ...cassandraEnv });
export type CliConfig = z.output<typeof cliEnvSchema>;

export const loadCliConfig = (env: NodeJS.ProcessEnv): Readonly<CliConfig> => loadConfig(cliEnvSchema, env);
