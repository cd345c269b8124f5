#!/usr/bin/env node
import { isVigilError, ErrorCodes } from '@vigil/shared';
import { commands } from './commands/index.ts';
import { wantsHelp } from './command.ts';

const USAGE = `Usage: vigil <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n')}

Run "vigil <command> --help" for a command's options.`;

/** Entry point of the `vigil` CLI. Bad arguments exit 2 with a one-line reason on stderr. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    const { VIGIL_VERSION } = await import('@vigil/shared');
    process.stdout.write(VIGIL_VERSION + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`vigil: unknown command "${name}" (run "vigil --help")\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(command.help.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (isVigilError(err)) {
      process.stderr.write(`vigil ${name}: ${err.message} [${err.code}]\n`);
      return err.code === ErrorCodes.BAD_ARGUMENTS ? 2 : 1;
    }
    process.stderr.write(`vigil ${name}: ${(err as Error).message ?? String(err)} [${ErrorCodes.INTERNAL}]\n`);
    return 1;
  }
}

const exitCode = await main(process.argv.slice(2));
// Commands that serve (start, host) resolve only when they are done, so exiting here is safe.
process.exitCode = exitCode;
