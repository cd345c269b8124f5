import { resolve } from 'node:path';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { dataPaths, defaultDataDir } from '../../config/paths.ts';
import { elect } from '../../daemon/election.ts';
import { createLogger } from '../../log/logger.ts';
import { parseCommandArgs, type Command } from '../command.ts';
import { runDaemon } from '../run-daemon.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'run the daemon in the foreground (for CLI agents, without a browser)',
  help: `Usage: vigil start [--data-dir D] [--ready-file F] [--proxy-port N]
                   [--upstream-override HOST=127.0.0.1:PORT ...] [--upstream-ca FILE]

Runs the Vigil daemon in the foreground until Ctrl-C. Fails if a daemon already runs for D.
  --data-dir D           data directory (default: $VIGIL_HOME or the platform default)
  --ready-file F         once ready, write {"pid","socket","proxyPort"} as JSON to F
  --proxy-port N         port for the local proxy on 127.0.0.1 (default: any free port)
  --upstream-override    TEST ONLY: send HOST's upstream connections to 127.0.0.1:PORT
  --upstream-ca FILE     TEST ONLY: also trust this CA for upstream connections`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      'data-dir': { type: 'string' },
      'ready-file': { type: 'string' },
      'proxy-port': { type: 'string' },
      'upstream-override': { type: 'string', multiple: true },
      'upstream-ca': { type: 'string' },
    });
    const port = values['proxy-port'] === undefined ? 0 : Number(values['proxy-port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `--proxy-port must be a port number, got "${values['proxy-port']}"`);
    for (const o of values['upstream-override'] ?? []) {
      if (!/^[a-z0-9.*-]+=127\.0\.0\.1:\d{1,5}$/i.test(o)) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `--upstream-override must look like HOST=127.0.0.1:PORT, got "${o}"`);
    }
    const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
    const paths = dataPaths(dataDir);
    const log = createLogger({ component: 'daemon', file: paths.logFile, stderr: process.env.VIGIL_LOG_STDERR !== '0' });
    const election = await elect(paths);
    if (election.role === 'relay') {
      election.socket.destroy();
      throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `a daemon is already running for ${dataDir} (see "vigil status")`);
    }
    return runDaemon({
      dataDir,
      server: election.server,
      early: election.early,
      log,
      stdio: false,
      proxy: { port, upstreamOverride: values['upstream-override'] ?? [], ...(values['upstream-ca'] ? { upstreamCa: resolve(values['upstream-ca']) } : {}) },
      ...(values['ready-file'] ? { readyFile: resolve(values['ready-file']) } : {}),
      onReady: (status) => {
        process.stdout.write(`Vigil daemon running (pid ${process.pid}), socket ${paths.socket}` + (typeof status.proxyPort === 'number' ? `, proxy 127.0.0.1:${status.proxyPort}` : '') + '. Ctrl-C stops it.\n');
      },
    });
  },
};
