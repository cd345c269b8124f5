import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { proxyInfoPath, type ProxyInfo } from './service.ts';

/** The --require preload, wherever this module runs from (src/ under tsx, dist/ when bundled). */
export function preloadPath(): string {
  for (const rel of ['./preload.cjs', '../src/proxy/preload.cjs', '../../native-host/src/proxy/preload.cjs']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new VigilError(ErrorCodes.INTERNAL, 'the proxy preload (preload.cjs) is missing from this installation');
}

export async function readProxyInfo(dataDir: string): Promise<ProxyInfo> {
  const path = proxyInfoPath(dataDir);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ProxyInfo;
  } catch {
    throw new VigilError(ErrorCodes.DAEMON_UNAVAILABLE, `the Vigil proxy is not running (no ${path}); start it with "vigil start"`, { path });
  }
}

/**
 * The environment that routes a process's AI traffic through Vigil: proxy variables (upper and lower
 * case: curl reads only the lower-case http_proxy), CA files for every common runtime, and the fetch
 * preload for Node.
 */
export function proxyEnv(info: ProxyInfo, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const proxy = `http://127.0.0.1:${info.port}`;
  const preload = preloadPath();
  const req = /\s/.test(preload) ? `--require "${preload}"` : `--require ${preload}`;
  const nodeOptions = base.NODE_OPTIONS?.includes(preload) ? base.NODE_OPTIONS : [base.NODE_OPTIONS, req].filter(Boolean).join(' ');
  const noProxy = 'localhost,127.0.0.1,::1';
  return {
    HTTPS_PROXY: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    http_proxy: proxy,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    NODE_EXTRA_CA_CERTS: info.caPath,
    SSL_CERT_FILE: info.bundlePath,
    REQUESTS_CA_BUNDLE: info.bundlePath,
    CURL_CA_BUNDLE: info.bundlePath,
    NODE_OPTIONS: nodeOptions,
  };
}
