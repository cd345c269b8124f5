import { defaultDataDir } from '../../config/paths.ts';
import { proxyEnv, readProxyInfo } from '../../proxy/client-env.ts';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { parseCommandArgs, type Command } from '../command.ts';

type Shell = 'bash' | 'zsh' | 'fish' | 'powershell';

const quote = {
  posix: (v: string) => `'${v.replace(/'/g, `'\\''`)}'`,
  fish: (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  ps: (v: string) => `'${v.replace(/'/g, "''")}'`,
};

export function formatEnv(vars: Record<string, string>, shell: Shell): string {
  const lines = Object.entries(vars).map(([k, v]) => {
    if (shell === 'fish') return `set -gx ${k} ${quote.fish(v)};`;
    if (shell === 'powershell') return `$env:${k} = ${quote.ps(v)}`;
    return `export ${k}=${quote.posix(v)}`;
  });
  return lines.join('\n') + '\n';
}

export const envCommand: Command = {
  name: 'env',
  summary: 'Print shell exports that route a terminal’s AI traffic through Vigil',
  help: `Usage: vigil env [--shell bash|zsh|fish|powershell] [--data-dir DIR]

Prints the environment that sends CLI agents and SDKs through the running Vigil proxy:
HTTPS_PROXY/HTTP_PROXY (+ lower case), NO_PROXY, NODE_EXTRA_CA_CERTS (Vigil CA), SSL_CERT_FILE,
REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE (system roots + Vigil CA), and NODE_OPTIONS with a --require
preload that makes Node's built-in fetch honour HTTPS_PROXY.

  eval "$(vigil env)"                      bash / zsh
  vigil env --shell fish | source          fish
  vigil env --shell powershell | iex       PowerShell
`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { shell: { type: 'string' }, 'data-dir': { type: 'string' } });
    const shell = values.shell ?? (process.platform === 'win32' ? 'powershell' : 'bash');
    if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish' && shell !== 'powershell') {
      throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `unknown shell "${shell}" (bash, zsh, fish or powershell)`);
    }
    const info = await readProxyInfo(values['data-dir'] ?? defaultDataDir());
    process.stdout.write(formatEnv(proxyEnv(info), shell));
    return 0;
  },
};
