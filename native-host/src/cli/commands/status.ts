import { resolve } from 'node:path';
import { dataPaths, defaultDataDir } from '../../config/paths.ts';
import { DaemonClient } from '../../daemon/client.ts';
import { parseCommandArgs, type Command } from '../command.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show whether the daemon runs, its version, uptime and proxy port',
  help: `Usage: vigil status [--data-dir D] [--json]

Asks the running daemon for its status. Exit 0 when it answers, 1 when none is running.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
    const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
    let client: DaemonClient;
    try {
      client = await DaemonClient.connect(dataPaths(dataDir).socket);
    } catch {
      process.stdout.write(values.json ? JSON.stringify({ running: false, dataDir }) + '\n' : `Vigil is not running (data dir ${dataDir}).\n`);
      return 1;
    }
    try {
      const reply = await client.request({ type: 'status' });
      if (reply.type !== 'status') throw new Error(`unexpected reply ${reply.type}`);
      if (values.json) {
        process.stdout.write(JSON.stringify({ running: true, ...reply, id: undefined }) + '\n');
      } else {
        const lines = [
          `Vigil ${reply.version} running, pid ${reply.pid}, up ${Math.round(reply.uptimeMs / 1000)} s`,
          `  data dir  ${reply.dataDir}`,
          `  socket    ${reply.socket}`,
          `  sessions  ${reply.sessions}`,
          `  proxy     ${reply.proxyPort ? `127.0.0.1:${reply.proxyPort}` : 'not running'}`,
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }
      return 0;
    } finally {
      client.close();
    }
  },
};
