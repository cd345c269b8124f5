import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The per-user data directory: `$VIGIL_HOME`, else the platform's usual place
 * (macOS `~/Library/Application Support/Vigil`, Linux `$XDG_DATA_HOME/vigil`, Windows `%APPDATA%\Vigil`).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.VIGIL_HOME) return resolve(env.VIGIL_HOME);
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Vigil');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Vigil');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'vigil');
}

export interface DataPaths {
  dataDir: string;
  runDir: string;
  socket: string;
  pidFile: string;
  electionLock: string;
  logFile: string;
}

export function dataPaths(dataDir: string, platform = process.platform): DataPaths {
  const runDir = join(dataDir, 'run');
  return {
    dataDir,
    runDir,
    // Windows has no unix sockets in the file system namespace Node can use everywhere: a named pipe
    // scoped by the data dir serves the same role.
    socket: platform === 'win32' ? `\\\\.\\pipe\\vigil-${Buffer.from(dataDir).toString('hex').slice(-32)}` : join(runDir, 'vigil.sock'),
    pidFile: join(runDir, 'vigil.pid'),
    electionLock: join(runDir, 'election.lock'),
    logFile: join(dataDir, 'logs', 'host.log'),
  };
}
