import { loadConfig, repositoryRoot, resolveLogFormat } from '@fareflow/shared';

import { loadCliConfig } from '../cli-config';
import { type ProcessSpec, type StackConfig, stackEnvSchema } from '../stack/local-stack';
import { defaultRestartPolicy, type RestartPolicy } from '../stack/restart-policy';
import { runStack } from '../stack/run-stack';

export { localStack } from '../stack/local-stack';

/**
 * `fareflow start` after `services up`: every service of `stack` as its own process, logs relayed as
 * readable lines on a terminal (JSON otherwise, or with LOG_FORMAT=json); a service that crashes is
 * restarted (see `decideOnExit`). Resolves with the stack's
 * exit code: 0 when Ctrl-C (or SIGTERM) stopped it and every service shut down cleanly.
 */
export function startStack(stack: (config: StackConfig) => ProcessSpec[], env: NodeJS.ProcessEnv): Promise<number> {
  const isTerminal = process.stdout.isTTY === true;
  const config = loadConfig(stackEnvSchema, env);
  const policy: RestartPolicy = {
    ...defaultRestartPolicy,
    baseDelayMs: config.STACK_RESTART_DELAY_MS,
    maxRestarts: config.STACK_MAX_RESTARTS,
    windowMs: config.STACK_RESTART_WINDOW_MS,
  };
  return runStack(
    stack(config),
    {
      env,
      repositoryRoot,
      isPretty: resolveLogFormat(loadCliConfig(env).LOG_FORMAT, isTerminal) === 'pretty',
      colorize: isTerminal,
      write: (line) => process.stdout.write(line),
      note: (message) => process.stderr.write(`fareflow start: ${message}\n`),
      onSignal: (handler) => {
        process.on('SIGINT', handler);
        process.on('SIGTERM', handler);
        return () => {
          process.off('SIGINT', handler);
          process.off('SIGTERM', handler);
        };
      },
    },
    policy,
  );
}
