import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { createSecureContext, rootCertificates } from 'node:tls';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { UpstreamPool } from './upstream-pool.ts';

export interface UpstreamOptions {
  /** Test-only `host=127.0.0.1:PORT` entries: connect there, but keep SNI, Host and verification for `host`. */
  override: string[];
  /** Test-only extra CA (PEM text) trusted in addition to the public roots. */
  extraCaPem?: string;
}

/**
 * Where and how the proxy connects upstream: one keep-alive pool shared by all clients (TLS
 * handshakes to a provider are paid once, not per client connection), verification against the
 * public roots, and the explicit test override.
 */
export class Upstream {
  readonly https: HttpsAgent;
  readonly http: HttpAgent;
  /** Requests the proxy holds whole (everything an adapter parses) go through this leaner pool. */
  readonly pool: UpstreamPool;
  readonly ca: string[];
  private readonly map = new Map<string, { host: string; port: number }>();

  constructor(opts: UpstreamOptions) {
    for (const entry of opts.override) {
      const m = /^([a-z0-9.*-]+)=(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/i.exec(entry.trim());
      if (!m) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `bad upstream override "${entry}" (want host=127.0.0.1:PORT; only loopback targets are allowed)`);
      const [, name = '', addr = '', port = ''] = m;
      this.map.set(name.toLowerCase(), { host: addr === '[::1]' ? '::1' : addr, port: Number(port) });
    }
    this.ca = opts.extraCaPem ? [...rootCertificates, opts.extraCaPem] : [...rootCertificates];
    const common = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' as const, timeout: 120_000 };
    // A prebuilt SecureContext, not a `ca` option: https.Agent#getName concatenates the whole `ca`
    // list into the pool key on every request (measured: ~3 ms of CPU per request with the roots).
    const secureContext = opts.extraCaPem ? createSecureContext({ ca: this.ca }) : undefined;
    this.https = new HttpsAgent({ ...common, secureContext, ALPNProtocols: ['http/1.1'] });
    this.http = new HttpAgent(common);
    this.pool = new UpstreamPool(secureContext);
  }

  /** The address to dial for `host:port`: the override when one is given, else the host itself. */
  target(host: string, port: number): { host: string; port: number } {
    return this.map.get(host.toLowerCase()) ?? { host, port };
  }

  destroy(): void {
    this.https.destroy();
    this.pool.destroy();
    this.http.destroy();
  }
}
