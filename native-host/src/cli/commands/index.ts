import type { Command } from '../command.ts';
import { auditCommand } from './audit.ts';
import { caCommand } from './ca.ts';
import { envCommand } from './env.ts';
import { runCommand } from './run.ts';
import { hostCommand } from './host.ts';
import { installCommand, uninstallCommand } from './install.ts';
import { startCommand } from './start.ts';
import { statusCommand } from './status.ts';
import { scanCommand } from './scan.ts';
import { policyCommand } from './policy.ts';
import { privacyCommand } from './privacy.ts';

/** Every `vigil` sub-command, in the order `vigil --help` lists them. One file per command. */
export const commands: Command[] = [
  auditCommand,
  startCommand,
  statusCommand,
  installCommand,
  uninstallCommand,
  hostCommand,
  scanCommand,
  policyCommand,
  caCommand,
  envCommand,
  runCommand,
  privacyCommand,
];
