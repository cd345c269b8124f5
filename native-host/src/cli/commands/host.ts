import { dataPaths, defaultDataDir } from '../../config/paths.ts';
import { elect } from '../../daemon/election.ts';
import { relay } from '../../daemon/relay.ts';
import { createLogger } from '../../log/logger.ts';
import { runDaemon } from '../run-daemon.ts';
import type { Command } from '../command.ts';

/**
 * What Chrome runs (through the installed launcher). Becomes the user's daemon if none is running,
 * serving the browser on stdio; otherwise relays stdio to the daemon. Chrome passes the caller's
 * origin (and on Windows a window handle) as arguments; they are logged, not trusted.
 */
export const hostCommand: Command = {
  name: 'host',
  summary: 'native messaging host (started by the browser)',
  help: `Usage: vigil host [ORIGIN]

Started by the browser through the launcher that "vigil install" writes. Speaks Chrome native
messaging on stdin/stdout. The first instance per user becomes the daemon; later ones relay to it.
The data directory is $VIGIL_HOME or the platform default.`,
  async run(argv) {
    const dataDir = defaultDataDir();
    const paths = dataPaths(dataDir);
    const log = createLogger({ component: 'host', file: paths.logFile });
    log.info('host started', { origin: argv[0] ?? null });
    const election = await elect(paths);
    const code =
      election.role === 'relay'
        ? (await relay(election.socket, process.stdin, process.stdout, log), 0)
        : await runDaemon({ dataDir, server: election.server, early: election.early, log, stdio: true });
    // The browser may keep our stdin open after a session we ended (bad input); don't let it keep us alive.
    process.stdin.destroy();
    return code;
  },
};
