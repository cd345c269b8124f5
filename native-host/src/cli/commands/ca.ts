import { existsSync } from 'node:fs';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { defaultDataDir } from '../../config/paths.ts';
import { caPaths } from '../../proxy/ca/authority.ts';
import { trustCa, untrustCa } from '../../proxy/ca/trust-store.ts';
import { parseCommandArgs, type Command } from '../command.ts';

export const caCommand: Command = {
  name: 'ca',
  summary: 'Show, trust or untrust the local CA of the Vigil proxy',
  help: `Usage: vigil ca path|trust|untrust [--data-dir DIR]

  path      print the path of the CA certificate (PEM)
  trust     add it to your user trust store: the NSS database Chrome uses (Linux, needs certutil
            from libnss3-tools), the login keychain (macOS), the user Root store (Windows)
  untrust   remove it (and earlier Vigil CAs) again

The CA is name-constrained: it can only vouch for the AI-provider hosts Vigil intercepts, never for
any other site or any IP address. It is created the first time the daemon starts.
`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { 'data-dir': { type: 'string' } }, true);
    const [action, ...rest] = positionals;
    if (rest.length || (action !== 'path' && action !== 'trust' && action !== 'untrust')) {
      throw new VigilError(ErrorCodes.BAD_ARGUMENTS, 'expected one of: path, trust, untrust');
    }
    const cert = caPaths(values['data-dir'] ?? defaultDataDir()).cert;
    if (!existsSync(cert)) throw new VigilError(ErrorCodes.DAEMON_UNAVAILABLE, `no CA yet at ${cert}; start the daemon once ("vigil start")`);
    if (action === 'path') {
      process.stdout.write(cert + '\n');
      return 0;
    }
    const result = action === 'trust' ? trustCa(cert) : untrustCa(cert);
    for (const line of result.done) process.stdout.write(line + '\n');
    return 0;
  },
};
