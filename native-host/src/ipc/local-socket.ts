import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { isAbsolute } from 'node:path';
import { ErrorCodes, VigilError } from '@vigil/shared';

/**
 * Local inter-process sockets (the daemon's unix socket, or a named pipe on Windows) and nothing
 * else: every path is checked to be a file-system socket or pipe, never a host and port, so this
 * module cannot become a second way out of the machine (see the vigil/no-network lint rule).
 */
function checkLocal(path: string): string {
  if (path.startsWith('\\\\.\\pipe\\') || (process.platform !== 'win32' && isAbsolute(path))) return path;
  throw new VigilError(ErrorCodes.INTERNAL, `not a local socket path: ${path}`);
}

/** Connects to a live local socket; resolves null when nobody is listening there. */
export function tryConnectLocal(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: checkLocal(path) });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => resolve(null));
  });
}

/**
 * Listens on a local socket path. `onConnection` is attached before the socket exists: a client may
 * connect the moment it does, and a connection emitted with no listener is never read.
 */
export function listenLocal(path: string, onConnection: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onConnection);
    server.once('error', reject);
    server.listen({ path: checkLocal(path) }, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}
