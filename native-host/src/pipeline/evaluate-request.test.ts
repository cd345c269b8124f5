import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DecisionReply, type Interaction } from '@vigil/shared';
import { databasePath } from '../audit/checkpoint-file.ts';
import { AuditReader } from '../audit/reader.ts';
import { dataPaths } from '../config/paths.ts';
import { DaemonClient } from '../daemon/client.ts';
import { VIGIL_BIN } from '../testing/host-process.ts';

// The built daemon (`vigil start` from the bundle: bundled detection worker, policies found from the
// package root), asked over its socket exactly as the extension asks, and its audit chain read back.
let dir: string;
let daemon: ChildProcess;
let client: DaemonClient;

async function startDaemon(): Promise<void> {
  const dataDir = join(dir, 'data');
  const ready = join(dir, 'ready.json');
  await rm(ready, { force: true });
  daemon = spawn(process.execPath, [VIGIL_BIN, 'start', '--data-dir', dataDir, '--ready-file', ready], { env: { ...process.env, VIGIL_KEYSTORE: 'file', NODE_OPTIONS: '' }, stdio: 'ignore' });
  for (let i = 0; i < 300 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 100));
  // The shared test machine is slower than a user's: a generous budget keeps the outcome deterministic.
  // (The daemon fills the folder with the default pack once its models have loaded.)
  await mkdir(join(dataDir, 'policies'), { recursive: true });
  await writeFile(join(dataDir, 'policies', 'settings.json'), JSON.stringify({ budgetMs: 5000 }));
  client = await DaemonClient.connect(dataPaths(dataDir).socket);
}

async function stopDaemon(): Promise<void> {
  client?.close();
  if (daemon.exitCode !== null) return;
  const exited = new Promise((r) => daemon.once('exit', r));
  daemon.kill('SIGTERM');
  await exited;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-evaluate-'));
  await startDaemon();
});

after(async () => {
  await stopDaemon();
  await rm(dir, { recursive: true, force: true });
});

const interaction = (text: string, id = 'i-1'): Interaction => ({
  id, ts: new Date().toISOString(), source: 'extension', provider: 'chatgpt', endpoint: 'composer',
  messages: [{ role: 'user', text }], tools: [], attachments: [], streamed: false,
});

const capture = (eventId: string, kind: 'paste' | 'submit' = 'submit') => ({ kind, site: 'chatgpt', eventId, createdAt: new Date().toISOString() });

async function evaluate(text: string, eventId: string, kind: 'paste' | 'submit' = 'submit'): Promise<DecisionReply> {
  const reply = await client.request({ type: 'interaction.evaluate', interaction: interaction(text, eventId), capture: capture(eventId, kind) }, 20_000);
  return DecisionReply.parse(reply);
}

function auditBody(seq: number): Record<string, unknown> {
  const reader = new AuditReader(databasePath(join(dir, 'data')));
  try {
    const rec = reader.get(seq);
    assert.ok(rec?.body, `record ${seq}`);
    assert.equal(rec.type, 'interaction.decision');
    return JSON.parse(rec.body) as Record<string, unknown>;
  } finally {
    reader.close();
  }
}

test('a pasted AWS key is blocked, with the policy and reason, and the decision is in the chain before the reply, without the key', async () => {
  const r = await evaluate('here are my creds AKIAZ7Q3N4WXK2M5PLRT', 'ev-aws', 'paste');
  assert.equal(r.decision.effect, 'block');
  assert.deepEqual(r.decision.policyIds, ['credentials.block']);
  assert.ok(r.verdict.findings.some((f) => f.type === 'aws_access_key_id'));
  const body = auditBody(r.auditSeq);
  assert.deepEqual((body.decision as { effect: string }).effect, 'block');
  assert.equal((body.capture as { eventId: string }).eventId, 'ev-aws');
  // The paste is kept for review; the key it was blocked for is not.
  assert.equal((body.interaction as Interaction).messages[0]?.text, 'here are my creds [credential aws_access_key_id withheld by Vigil]');
  assert.doesNotMatch(JSON.stringify(body), /AKIAZ7Q3N4WXK2M5PLRT/);
});

test('a card number is redacted: the reply carries the rewritten message text', async () => {
  const r = await evaluate('pay with 4111 1111 1111 1111 today', 'ev-card');
  assert.equal(r.decision.effect, 'redact');
  assert.deepEqual(r.redacted, [{ messageIndex: 0, text: 'pay with [REDACTED credit_card by Vigil] today' }]);
});

test('an email passes with a warning record; an ordinary prompt is allowed', async () => {
  const w = await evaluate('write to jane.doe@example.org', 'ev-mail');
  assert.equal(w.decision.effect, 'warn');
  assert.deepEqual(w.decision.policyIds, ['pii.warn-contact']);
  assert.equal((auditBody(w.auditSeq).decision as { effect: string }).effect, 'warn');
  const a = await evaluate('Write a haiku about autumn leaves.', 'ev-haiku');
  assert.equal(a.decision.effect, 'allow');
  assert.ok(a.auditSeq > w.auditSeq);
});

test('a repeated eventId is the same event: same reply and audit record, nothing new in the chain', async () => {
  const first = await evaluate('reach me at +1 415 555 0100 or jane.doe@example.org', 'ev-dup');
  const reader = new AuditReader(databasePath(join(dir, 'data')));
  const count = reader.count();
  reader.close();
  const again = await evaluate('reach me at +1 415 555 0100 or jane.doe@example.org', 'ev-dup');
  assert.equal(again.auditSeq, first.auditSeq);
  assert.deepEqual(again.decision, first.decision);
  const after = new AuditReader(databasePath(join(dir, 'data')));
  assert.equal(after.count(), count);
  after.close();
});

test('an interaction that fails validation gets INVALID_MESSAGE', async () => {
  const reply = await client.request({ type: 'interaction.evaluate', interaction: { ...interaction('x'), source: 'elsewhere' } });
  assert.equal(reply.type, 'error');
  assert.equal((reply as { code: string }).code, 'INVALID_MESSAGE');
});

test('after a daemon restart, a replayed eventId still gets the recorded answer (read back from the chain), not a second record', async () => {
  const first = await evaluate('pay with 5555 5555 5555 4444 later', 'ev-restart');
  assert.equal(first.decision.effect, 'redact');
  await stopDaemon();
  await startDaemon();
  const countBefore = (() => {
    const reader = new AuditReader(databasePath(join(dir, 'data')));
    try {
      return reader.count();
    } finally {
      reader.close();
    }
  })();
  const again = await evaluate('pay with 5555 5555 5555 4444 later', 'ev-restart');
  assert.equal(again.auditSeq, first.auditSeq);
  assert.deepEqual(again.redacted, first.redacted);
  const reader = new AuditReader(databasePath(join(dir, 'data')));
  try {
    // Nothing new: no decision record for the replay (a restart writes its own bookkeeping records before this count).
    assert.equal(reader.count(), countBefore);
  } finally {
    reader.close();
  }
});
