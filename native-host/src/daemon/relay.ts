import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../log/logger.ts';

/**
 * Pipes a browser's native-messaging stdio to the daemon's socket, byte for byte: the daemon speaks
 * the same framing on its socket, so the relay needs no parsing and adds no copy of the protocol.
 * Resolves with the reason the relay ended.
 */
export function relay(socket: Socket, input: Readable, output: Writable, log: Logger): Promise<string> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (reason: string) => {
      if (done) return;
      done = true;
      log.info('relay ended', { reason });
      input.unpipe(socket);
      socket.destroy();
      resolve(reason);
    };
    input.pipe(socket);
    socket.pipe(output, { end: false });
    input.on('end', () => socket.end());
    socket.on('close', () => finish(input.readableEnded ? 'input ended' : 'daemon went away'));
    socket.on('error', (err) => finish(`daemon socket error: ${err.message}`));
  });
}
