import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCodes } from '@vigil/shared';
import { hostPackageRoot } from '../install/package-root.ts';
import { createLogger } from '../log/logger.ts';
import { DaemonMetrics } from '../metrics/metrics.ts';
import { nextRequests, sendTelemetry } from './channels.ts';
import { buildCrashReport } from './crash-report.ts';
import { checkEndpoint, formatOutgoing, outgoing, send } from './egress.ts';
import { CrashReport, payloadJsonSchemas, PRIVACY_VERSION, TelemetryPing } from './payloads.ts';
import { schemaHash, schemaSection } from './schema-lock.ts';
import { applyPrivacyChange, channelState, DEFAULT_SETTINGS, privacySettingsPath, readPrivacySettingsOrOff, writePrivacySettings } from './settings.ts';

const repoRoot = join(hostPackageRoot(), '..');
const log = createLogger({ component: 'privacy-test', level: 'error' });
const tempDir = () => mkdtempSync(join(tmpdir(), 'vigil-privacy-'));

test('PRIVACY.md carries the current version and the exact payload schemas', () => {
  const doc = readFileSync(join(repoRoot, 'PRIVACY.md'), 'utf8');
  assert.match(doc, new RegExp(`^Version: ${PRIVACY_VERSION}$`, 'm'), 'PRIVACY.md "Version:" line must equal PRIVACY_VERSION');
  assert.ok(doc.includes(schemaSection()), 'PRIVACY.md schema section is stale: run npm run privacy:doc');
});

test('a payload schema change without a PRIVACY_VERSION bump fails here', () => {
  const lock = JSON.parse(readFileSync(join(hostPackageRoot(), 'src', 'privacy', 'schema-lock.json'), 'utf8')) as Record<string, string>;
  assert.equal(lock[String(PRIVACY_VERSION)], schemaHash(), `payload schemas differ from those pinned for PRIVACY_VERSION ${PRIVACY_VERSION}: bump PRIVACY_VERSION, update PRIVACY.md, then npm run privacy:doc`);
  // The check can fail: one extra field anywhere gives another hash.
  const changed = { ...payloadJsonSchemas(), telemetry: z.toJSONSchema(TelemetryPing.extend({ site: z.string() })) };
  assert.notEqual(schemaHash(changed), schemaHash());
});

test('by default every channel is off and nothing would be sent', async () => {
  const dir = tempDir();
  try {
    assert.deepEqual(readPrivacySettingsOrOff(dir), DEFAULT_SETTINGS);
    assert.deepEqual(nextRequests(dir, new DaemonMetrics()), []);
    assert.equal(await sendTelemetry(dir, new DaemonMetrics(), log), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('turning a channel on needs acceptance of the current version, and a version bump turns it back off', () => {
  assert.throws(() => applyPrivacyChange(DEFAULT_SETTINGS, { channels: { telemetry: { enabled: true } } }), (e: { code?: string }) => e.code === ErrorCodes.PRIVACY_NOT_ACCEPTED);
  const on = applyPrivacyChange(DEFAULT_SETTINGS, { accept: true, channels: { telemetry: { enabled: true, endpoint: 'https://t.example/ping' } } });
  assert.equal(channelState(on, 'telemetry'), 'on');
  assert.equal(channelState(on, 'crash'), 'off');
  assert.equal(channelState(on, 'telemetry', PRIVACY_VERSION + 1), 'needs-acceptance');
  const reaccepted = applyPrivacyChange({ ...on, acceptedVersion: PRIVACY_VERSION + 1 }, { accept: true });
  assert.equal(channelState(reaccepted, 'telemetry'), 'on');
});

test('an unreadable settings file means everything off', () => {
  const dir = tempDir();
  try {
    writeFileSync(privacySettingsPath(dir), '{"acceptedVersion": 1, "channels": {"telemetry": {"enabled": true');
    assert.deepEqual(readPrivacySettingsOrOff(dir), DEFAULT_SETTINGS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('crash reports drop the message, foreign paths and look-alike frames planted in the message', () => {
  const canary = 'CANARY_7f3a9c';
  const err = new TypeError(`failed on prompt "${canary}" read from /home/alice/${canary}/notes.txt\n    at ${canary} (/home/alice/${canary}.js:1:1)`);
  (err as { code?: string }).code = 'ERR_INVALID_ARG_TYPE';
  const report = buildCrashReport(err, 'uncaughtException', 'daemon');
  const text = JSON.stringify(report);
  assert.ok(!text.includes(canary), text);
  assert.ok(!text.includes('alice'), text);
  assert.equal(report.errorName, 'TypeError');
  assert.equal(report.code, 'ERR_INVALID_ARG_TYPE');
  assert.ok(report.frames.some((f) => f.file === 'native-host/src/privacy/privacy.test.ts'), text);
  assert.ok(CrashReport.safeParse(report).success);
  // Something that is not an Error at all still gives a valid, empty report.
  assert.equal(buildCrashReport(canary, 'unhandledRejection', 'daemon').errorName, 'NonError');
});

test('the egress door refuses off-schema payloads and plain http beyond this machine', () => {
  const ping = { schema: 'vigil.telemetry/1', version: '0.1.0', platform: 'linux', periodS: 1, requests: 2, avgLatencyMs: 3, modelStatus: 'warm' };
  assert.throws(() => outgoing('telemetry', 'https://t.example/', { ...ping, prompt: 'hello' }), (e: { code?: string }) => e.code === ErrorCodes.PRIVACY_PAYLOAD_INVALID);
  assert.throws(() => outgoing('telemetry', 'https://t.example/', { ...ping, modelStatus: 'hello there' }), (e: { code?: string }) => e.code === ErrorCodes.PRIVACY_PAYLOAD_INVALID);
  assert.throws(() => checkEndpoint('http://collector.example/'), (e: { code?: string }) => e.code === ErrorCodes.PRIVACY_BAD_ENDPOINT);
  assert.throws(() => checkEndpoint('https://user:pw@collector.example/'), (e: { code?: string }) => e.code === ErrorCodes.PRIVACY_BAD_ENDPOINT);
  assert.equal(checkEndpoint('http://127.0.0.1:8080/x').host, '127.0.0.1:8080');
});

test('what `vigil privacy show` prints is byte for byte what goes on the wire', async () => {
  const dir = tempDir();
  const received: Buffer[] = [];
  const server = createServer((socket) => {
    socket.on('data', (d: Buffer) => {
      received.push(d);
      const all = Buffer.concat(received);
      const headEnd = all.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(all.toString('latin1'))?.[1] ?? -1);
      if (headEnd >= 0 && all.length >= headEnd + 4 + length) socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const settings = applyPrivacyChange(DEFAULT_SETTINGS, { accept: true, channels: { telemetry: { enabled: true, endpoint: `http://127.0.0.1:${port}/v1/ping` } } });
    await writePrivacySettings(dir, settings);
    const metrics = new DaemonMetrics();
    metrics.requestHandled(12);
    metrics.requestHandled(20);
    const [preview] = nextRequests(dir, metrics);
    assert.ok(preview);
    const answer = await send(preview);
    assert.equal(answer.status, 204);
    assert.equal(Buffer.concat(received).toString('latin1'), formatOutgoing(preview).toString('latin1'));
    const ping = TelemetryPing.parse(JSON.parse(preview.body.toString('utf8')));
    assert.equal(ping.requests, 2);
    assert.equal(ping.avgLatencyMs, 16);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
