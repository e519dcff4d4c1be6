import type { Command } from 'commander';
import { experimentJsonSchema } from '../../config/schema';

export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of experiment files (for editor completion)')
    .action(() => {
      process.stdout.write(JSON.stringify(experimentJsonSchema(), null, 2) + '\n');
    });
}
