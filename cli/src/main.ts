import { repositoryRoot } from '@fareflow/shared';
import { Command, InvalidArgumentError, Option } from 'commander';

import { loadCliConfig } from './cli-config';
import { backtest } from './commands/backtest';
import { runBenchmark } from './commands/bench';
import { checkCompose } from './commands/check-compose';
import { registerKeysCommand } from './commands/keys';
import { migrate } from './commands/migrate';
import { PARSE_FORMATS, parseFile, type ParseFormat } from './commands/parse';
import { seedHistoryCommand, seedOnStart } from './commands/seed-history';
import { servicesDown, servicesStatus, servicesUp } from './commands/services';
import { localStack, startStack } from './commands/start';
import { registerWebhooksCommand } from './commands/webhooks';
import { localSecrets } from './local-secrets';

const log = (message: string) => console.error(message);

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 3650) {
    throw new InvalidArgumentError('must be a whole number from 1 to 3650');
  }
  return parsed;
}

/** `fareflow`: operational commands. Later features register theirs here. */
export function buildProgram(env: NodeJS.ProcessEnv): Command {
  const program = new Command('fareflow').description('Fareflow operations').showHelpAfterError();

  const services = program.command('services').description('local PostgreSQL, RabbitMQ and Cassandra');
  services
    .command('up')
    .description('start what is not running (idempotent), then migrate')
    .action(() => servicesUp(loadCliConfig(env), log));
  services
    .command('down')
    .description('stop the Cassandra nodes this checkout started')
    .option('--wipe', 'also delete their data', false)
    .action((options: { wipe: boolean }) => servicesDown(options, log));
  services
    .command('status')
    .description('what is up')
    .action(async () => {
      const status = await servicesStatus(loadCliConfig(env));
      console.log(status.lines.join('\n'));
      process.exitCode = status.isHealthy ? 0 : 1;
    });

  program
    .command('migrate')
    .description('create the database and apply PostgreSQL and Cassandra migrations')
    .action(() => migrate(loadCliConfig(env), log));

  program
    .command('check-compose')
    .description('validate docker-compose.yml (installs Debian docker-compose if missing)')
    .action(() => checkCompose(log));

  program
    .command('start')
    .description('bring up the services if needed, migrate, and run every Fareflow service until Ctrl-C')
    .action(async () => {
      await servicesUp(loadCliConfig(env), log);
      const seeding = await seedOnStart(env, (message) => process.stderr.write(`fareflow start: ${message}\n`));
      process.exitCode = await startStack(localStack, { ...env, ...localSecrets(repositoryRoot, env) });
      await seeding.stop();
    });

  program
    .command('seed-history')
    .description('replay the airline simulator over the past days through ingest, RabbitMQ and the aggregator')
    .option('--days <n>', 'simulated days before today', positiveInt, 60)
    .option(
      '--horizon-days <n>',
      "departure days per simulated scrape (default: ingest's SCRAPE_HORIZON_DAYS)",
      positiveInt,
    )
    .option('--no-wait', 'return once published, without waiting for the aggregator to store it')
    .action(async (options: { days: number; horizonDays?: number; wait: boolean }) => {
      await seedHistoryCommand(env, {
        days: options.days,
        ...(options.horizonDays === undefined ? {} : { horizonDays: options.horizonDays }),
        shouldWait: options.wait,
        showProgress: process.stderr.isTTY === true,
        log,
      });
    });

  program
    .command('backtest')
    .description('walk-forward backtest of the buy/wait advice and 7-day forecasts on a panel CSV; prints JSON')
    .requiredOption('--data <file>', 'CSV: origin,destination,departure_date,observed_on,price,currency')
    .option('--leave-one-route-out', 'score each route with a model that never learned from it (unseen routes)')
    .action(async (options: { data: string; leaveOneRouteOut?: boolean }) => {
      const report = await backtest({
        data: options.data,
        showProgress: process.stderr.isTTY === true,
        leaveOneRouteOut: options.leaveOneRouteOut === true,
        log,
      });
      console.log(JSON.stringify(report, null, 2));
    });

  registerKeysCommand(program, env);
  registerWebhooksCommand(program);

  program
    .command('parse')
    .description('print a saved airline API response as fare observations, one JSON per line')
    .addOption(new Option('--format <format>', 'response format').choices(PARSE_FORMATS).makeOptionMandatory())
    .argument('<file>')
    .action(async (file: string, options: { format: ParseFormat }) => {
      process.exitCode = await parseFile(options.format, file, { out: (line) => console.log(line), err: log });
    });

  program
    .command('bench')
    .description('run a benchmark from bench/ (prints its figures and its baseline)')
    .argument('<name>')
    .argument('[args...]', "the benchmark's own options, e.g. --seconds 10")
    .allowUnknownOption()
    .action(async (name: string, args: string[]) => {
      process.exitCode = await runBenchmark(name, args);
    });

  return program;
}

buildProgram(process.env)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
