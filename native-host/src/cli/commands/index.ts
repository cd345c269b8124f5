import type { Command } from '../command.ts';

/** Every `vigil` sub-command, in the order `vigil --help` lists them. One file per command. */
export const commands: Command[] = [];
