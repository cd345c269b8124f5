import { resolve } from 'node:path';
import { ErrorCodes, VigilError, type PrivacyReply } from '@vigil/shared';
import { dataPaths, defaultDataDir } from '../../config/paths.ts';
import { askRunningDaemon } from '../../daemon/client.ts';
import { hostPackageRoot } from '../../install/package-root.ts';
import { createLogger } from '../../log/logger.ts';
import { installCrashHandler, nextRequests } from '../../privacy/channels.ts';
import { formatOutgoing } from '../../privacy/egress.ts';
import { CHANNELS, PRIVACY_VERSION, type Channel } from '../../privacy/payloads.ts';
import { changePrivacySettings, privacyView } from '../../privacy/privacy-service.ts';
import { readPrivacySettings, writePrivacySettings, type PrivacyChange } from '../../privacy/settings.ts';
import { parseCommandArgs, type Command } from '../command.ts';

const HELP = `Usage: vigil privacy <action> [--data-dir DIR]

Vigil sends nothing anywhere by default. Three channels exist, each off until you turn it on:
  crash      scrubbed crash reports (error type and code, stack as Vigil code positions, memory counters)
  telemetry  aggregate counters (requests processed, average latency, model status)
  update     update checks (your version and platform in, the latest version out)
PRIVACY.md (version ${PRIVACY_VERSION}) lists every field of every payload.

Actions:
  status [--json]                        what is on, where it goes, which PRIVACY.md version you accepted
  show                                   print, byte for byte, the HTTP requests the enabled channels send next
  enable CHANNEL [--endpoint URL]        turn a channel on (this accepts the current PRIVACY.md version)
  disable CHANNEL|all                    turn a channel (or every channel) off
  accept                                 accept the current PRIVACY.md version (after it changed)
  endpoint CHANNEL URL|none              where a channel sends (https://, or http:// to this machine)
  interval telemetry|update SECONDS      how often the daemon sends a ping / checks for updates
  crash-test [--message TEXT]            crash this process on purpose to see (and, if on, send) a real report`;

const bad = (msg: string) => new VigilError(ErrorCodes.BAD_ARGUMENTS, msg);
const out = (s: string) => process.stdout.write(s);

function channelArg(s: string | undefined): Channel {
  if (!s || !(CHANNELS as readonly string[]).includes(s)) throw bad(`expected a channel (${CHANNELS.join(', ')}), got "${s ?? ''}"`);
  return s as Channel;
}

/** Changes go through the daemon when it runs (it audits them); otherwise the settings file is written here. */
async function change(dataDir: string, c: PrivacyChange): Promise<Omit<PrivacyReply, 'id' | 'type'>> {
  const reply = await askRunningDaemon(dataPaths(dataDir).socket, { type: 'privacy.set', ...c }, 'privacy', { failure: 'the daemon refused the change' });
  if (reply) return reply;
  const view = await changePrivacySettings(dataDir, c, null, 'cli');
  out('(the daemon is not running: its next start records these settings in the audit chain)\n');
  return view;
}

function printView(view: Omit<PrivacyReply, 'id' | 'type'>): void {
  const accepted = view.acceptedVersion === null ? 'not accepted' : view.acceptedVersion === view.version ? `accepted version ${view.acceptedVersion}` : `accepted version ${view.acceptedVersion}; version ${view.version} needs your acceptance (vigil privacy accept)`;
  const lines = [`PRIVACY.md version ${view.version}: ${accepted}`];
  for (const c of CHANNELS) {
    const ch = view.channels[c];
    lines.push(`  ${c.padEnd(10)} ${ch.state.padEnd(17)} ${ch.endpoint ?? '(no endpoint)'}`);
  }
  if (view.latestVersion) lines.push(`latest version reported by the update channel: ${view.latestVersion}`);
  out(lines.join('\n') + '\n');
}

async function show(dataDir: string): Promise<void> {
  const reply = await askRunningDaemon(dataPaths(dataDir).socket, { type: 'privacy.preview' }, 'privacy.preview', { failure: 'the daemon could not preview' });
  const requests = reply?.requests ?? nextRequests(dataDir, null).map((o) => ({ channel: o.channel, url: o.url.href, bytes: formatOutgoing(o).toString('utf8') }));
  if (!requests.length) {
    out('No channel is on: Vigil sends nothing.\n');
    return;
  }
  for (const r of requests) {
    out(`===== ${r.channel} → ${r.url} (${Buffer.byteLength(r.bytes)} bytes follow)\n${r.bytes}\n===== end of ${r.channel}\n`);
  }
}

export const privacyCommand: Command = {
  name: 'privacy',
  summary: 'see and choose what Vigil may send (everything is off by default)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, endpoint: { type: 'string' }, message: { type: 'string' } },
      true,
    );
    const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
    const [action, a1, a2] = positionals;
    switch (action) {
      case 'status': {
        const reply = await askRunningDaemon(dataPaths(dataDir).socket, { type: 'privacy.get' }, 'privacy', { failure: 'the daemon could not answer' });
        const view = reply ?? privacyView(readPrivacySettings(dataDir));
        if (values.json) out(JSON.stringify({ ...view, id: undefined, type: undefined }) + '\n');
        else printView(view);
        return 0;
      }
      case 'show':
        await show(dataDir);
        return 0;
      case 'enable': {
        const channel = channelArg(a1);
        const view = await change(dataDir, { accept: true, channels: { [channel]: { enabled: true, ...(values.endpoint ? { endpoint: values.endpoint } : {}) } } });
        out(`You accepted PRIVACY.md version ${PRIVACY_VERSION} (${resolve(hostPackageRoot(), '..', 'PRIVACY.md')}).\n`);
        printView(view);
        return 0;
      }
      case 'disable': {
        const which = a1 === 'all' ? [...CHANNELS] : [channelArg(a1)];
        printView(await change(dataDir, { channels: Object.fromEntries(which.map((c) => [c, { enabled: false }])) }));
        return 0;
      }
      case 'accept':
        printView(await change(dataDir, { accept: true }));
        return 0;
      case 'endpoint': {
        const channel = channelArg(a1);
        if (!a2) throw bad('expected a URL or "none"');
        printView(await change(dataDir, { channels: { [channel]: { endpoint: a2 === 'none' ? null : a2 } } }));
        return 0;
      }
      case 'interval': {
        if (a1 !== 'telemetry' && a1 !== 'update') throw bad('expected "telemetry" or "update"');
        const seconds = Number(a2);
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 30 * 86400) throw bad('expected a number of seconds between 1 and 2592000');
        const settings = readPrivacySettings(dataDir);
        await writePrivacySettings(dataDir, { ...settings, [a1 === 'telemetry' ? 'telemetryIntervalS' : 'updateIntervalS']: seconds });
        out(`${a1} interval set to ${seconds} s (a running daemon applies it after its current wait)\n`);
        return 0;
      }
      case 'crash-test': {
        installCrashHandler(dataDir, 'cli', createLogger({ component: 'crash-test', level: 'error' }));
        const message = values.message ?? 'vigil privacy crash-test';
        setImmediate(() => {
          throw new Error(message);
        });
        await new Promise(() => {});
        return 70;
      }
      default:
        throw bad(action ? `unknown action "${action}" (see vigil privacy --help)` : 'expected an action (see vigil privacy --help)');
    }
  },
};
