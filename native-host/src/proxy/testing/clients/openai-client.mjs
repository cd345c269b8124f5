// An unmodified use of the official OpenAI SDK: no proxy or CA settings in code. Run under
// `vigil run` (or with `vigil env` exported); prints one JSON line with what it saw.
import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const mode = process.argv[2];
const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
const out = { mode };
const t0 = performance.now();
try {
  if (mode === 'chat') {
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
    out.text = r.choices[0].message.content;
  } else if (mode === 'chat-stream') {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true });
    out.chunks = [];
    out.times = [];
    for await (const c of stream) {
      out.chunks.push(c.choices[0]?.delta?.content ?? '');
      out.times.push(performance.now() - t0);
    }
    out.text = out.chunks.join('');
  } else if (mode === 'tools') {
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools });
    out.toolCalls = r.choices[0].message.tool_calls.map((t) => ({ name: t.function.name, arguments: t.function.arguments }));
  } else if (mode === 'responses') {
    const r = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello' });
    out.text = r.output_text;
  } else if (mode === 'responses-stream') {
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello', stream: true });
    out.deltas = [];
    for await (const ev of stream) if (ev.type === 'response.output_text.delta') out.deltas.push(ev.delta);
    out.text = out.deltas.join('');
  } else if (mode === 'blocked') {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'fix my config: aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }] });
    out.error = null;
  }
} catch (err) {
  out.error = { name: err.constructor.name, status: err.status, message: err.message };
}
process.stdout.write(JSON.stringify(out) + '\n');
