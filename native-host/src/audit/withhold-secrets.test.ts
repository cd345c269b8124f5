import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Interaction } from '@vigil/shared';
import { withholdSecrets, withholdSecretsInOutput, withholdSecretsInText } from './withhold-secrets.ts';

const KEY = 'AKIAZ7Q3N4WXK2M5PLRT';
const GH = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

test('a credential is replaced by a marker naming its type; the rest of the text is kept', () => {
  assert.equal(withholdSecretsInText(`key ${KEY} ok`), 'key [credential aws_access_key_id withheld by Vigil] ok');
  assert.equal(withholdSecretsInText('nothing secret here'), 'nothing secret here');
});

test('every place an interaction or a model output carries text is covered', () => {
  const interaction: Interaction = {
    id: 'i1', ts: '2026-01-01T00:00:00Z', source: 'extension', provider: 'chatgpt', endpoint: 'chat', streamed: false, tools: [],
    messages: [{ role: 'user', text: `use ${KEY}`, toolCalls: [{ name: 'set_env', arguments: JSON.stringify({ token: GH }) }] }],
    attachments: [{ name: '.env', size: 10, text: `AWS_ACCESS_KEY_ID=${KEY}\n` }, { name: 'a.png', size: 5 }],
  };
  const kept = JSON.stringify(withholdSecrets(interaction));
  assert.doesNotMatch(kept, /AKIAZ7Q3|ghp_a1B2/);
  assert.match(kept, /withheld by Vigil/);
  assert.equal(interaction.messages[0]!.text, `use ${KEY}`, 'the live interaction is not changed');
  const output = withholdSecretsInOutput({ text: `here: ${GH}`, toolCalls: [{ name: 'x', arguments: `{"k":"${KEY}"}` }], reasoning: KEY });
  assert.doesNotMatch(JSON.stringify(output), /AKIAZ7Q3|ghp_a1B2/);
});
