import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors/UserError';
import { TrainingDivergedError } from '../trainer/TrainingDivergedError';
import { ownPackageVersion } from '../io/versions';
import { registerBenchCommand } from './commands/bench';
import { registerPluginsCommand } from './commands/plugins';
import { registerResumeCommand } from './commands/resume';
import { registerRunCommand } from './commands/run';
import { registerSchemaCommand } from './commands/schema';
import { registerValidateCommand } from './commands/validate';
import { registerPluginCommands } from './registerPluginCommands';

/**
 * The `gancond` command. Exit codes: 0 success, 1 a failed run (diverged, a bug),
 * 2 bad input (config, arguments, data or output path), 130 interrupted with a checkpoint.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command('gancond')
    .description('train GANs and measure generator conditioning')
    .version(ownPackageVersion())
    .exitOverride();
  for (const register of [registerRunCommand, registerResumeCommand, registerValidateCommand, registerSchemaCommand, registerPluginsCommand, registerBenchCommand]) {
    register(program);
  }
  await registerPluginCommands(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // commander already printed its message (or help / version).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UserError) {
    process.stderr.write(`gancond: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof TrainingDivergedError) {
    process.stderr.write(`gancond: ${error.message}; the last good checkpoint is kept\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`gancond: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
});
