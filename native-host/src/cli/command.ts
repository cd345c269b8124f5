import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ErrorCodes, VigilError } from '@vigil/shared';

/** One `vigil` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Full help text, printed by `vigil NAME --help`. */
  help: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict argument parsing shared by every command: unknown flags and missing values become a
 * BAD_ARGUMENTS error, which the CLI entry point prints as one line and exits 2.
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    throw new VigilError(ErrorCodes.BAD_ARGUMENTS, (err as Error).message);
  }
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
