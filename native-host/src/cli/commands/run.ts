import { spawn } from 'node:child_process';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { defaultDataDir } from '../../config/paths.ts';
import { proxyEnv, readProxyInfo } from '../../proxy/client-env.ts';
import { parseCommandArgs, type Command } from '../command.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run one command with its AI traffic routed through Vigil',
  help: `Usage: vigil run [--data-dir DIR] -- COMMAND [ARGS...]

Runs COMMAND with the environment "vigil env" prints (proxy, CA bundle, fetch preload) and exits
with its exit code. The Vigil daemon must be running ("vigil start").
`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { 'data-dir': { type: 'string' } }, true);
    const [cmd, ...args] = positionals;
    if (!cmd) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, 'no command given (vigil run -- COMMAND ARGS)');
    const info = await readProxyInfo(values['data-dir'] ?? defaultDataDir());
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...proxyEnv(info) } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (err) => reject(new VigilError(ErrorCodes.BAD_ARGUMENTS, `cannot run "${cmd}": ${err.message}`)));
      child.once('exit', (code, signal) => {
        for (const s of signals) process.off(s, forward);
        resolve(code ?? (signal ? 128 + 1 : 1));
      });
    });
  },
};
