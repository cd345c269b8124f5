// An unmodified use of the official Anthropic SDK (see openai-client.mjs).
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ maxRetries: 0 });
const mode = process.argv[2];
const out = { mode };
const t0 = performance.now();
const base = { model: 'claude-sonnet-4-5', max_tokens: 64 };
try {
  if (mode === 'chat') {
    const r = await client.messages.create({ ...base, messages: [{ role: 'user', content: 'Say hello' }] });
    out.text = r.content.map((b) => b.text ?? '').join('');
  } else if (mode === 'chat-stream') {
    const stream = await client.messages.create({ ...base, messages: [{ role: 'user', content: 'Say hello' }], stream: true });
    out.chunks = [];
    out.times = [];
    for await (const ev of stream) {
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') {
        out.chunks.push(ev.delta.text);
        out.times.push(performance.now() - t0);
      }
    }
    out.text = out.chunks.join('');
  } else if (mode === 'tools') {
    const r = await client.messages.create({ ...base, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }] });
    out.toolCalls = r.content.filter((b) => b.type === 'tool_use').map((b) => ({ name: b.name, input: b.input }));
  } else if (mode === 'blocked') {
    await client.messages.create({ ...base, messages: [{ role: 'user', content: 'my key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----' }] });
    out.error = null;
  }
} catch (err) {
  out.error = { name: err.constructor.name, status: err.status, message: err.message };
}
process.stdout.write(JSON.stringify(out) + '\n');
