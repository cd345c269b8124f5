import type { ChatMessage } from '@vigil/shared';
import type { ParsedRequest, ProviderAdapter, ResponseOutput } from './adapter.ts';
import { JsonArrayStream } from './json-array-stream.ts';
import { SseParser, arr, isRecord, jsonBodyParser, str, tryJson } from './sse.ts';

const PATH = /^\/v1(beta|alpha)?\d*\/(models|tunedModels)\/[^/:]+:(generateContent|streamGenerateContent)(\?|$)/;

/** generativelanguage.googleapis.com generateContent / streamGenerateContent (alt=sse or JSON array). */
export const geminiAdapter: ProviderAdapter = {
  id: 'gemini',
  matches: (host, method, path) => host === 'generativelanguage.googleapis.com' && method === 'POST' && PATH.test(path),
  parseRequest: (body, path) => parseGenerate(body, path),
  responseParser(ct, out, path) {
    const onJson = (json: unknown) => applyChunk(json, out);
    if (ct.includes('text/event-stream')) return new SseParser((ev) => onJson(tryJson(ev.data)));
    if (path.includes(':streamGenerateContent')) return new JsonArrayStream((t) => onJson(tryJson(t)));
    return jsonBodyParser(onJson);
  },
  errorBody: (status, reason) => JSON.stringify({ error: { code: status, message: reason, status: 'PERMISSION_DENIED' } }),
};

function parseGenerate(body: unknown, path: string): ParsedRequest {
  if (!isRecord(body) || !Array.isArray(body.contents)) throw new Error('generateContent request without contents[]');
  const messages: ChatMessage[] = [];
  if (isRecord(body.systemInstruction)) messages.push({ role: 'system', text: partsText(body.systemInstruction.parts) });
  for (const c of body.contents.filter(isRecord)) {
    const parts = arr(c.parts).filter(isRecord);
    const msg: ChatMessage = { role: c.role === 'model' ? 'assistant' : 'user', text: partsText(parts) };
    const calls = parts.filter((p) => isRecord(p.functionCall)).map((p) => {
      const fc = p.functionCall as Record<string, unknown>;
      return { name: str(fc.name), arguments: JSON.stringify(fc.args ?? {}) };
    });
    if (calls.length) msg.toolCalls = calls;
    messages.push(msg);
    for (const p of parts.filter((x) => isRecord(x.functionResponse))) {
      const fr = p.functionResponse as Record<string, unknown>;
      messages.push({ role: 'tool', text: JSON.stringify(fr.response ?? null), toolCallId: str(fr.name) });
    }
  }
  const tools = arr(body.tools)
    .filter(isRecord)
    .flatMap((t) => arr(t.functionDeclarations).filter(isRecord))
    .map((f) => ({ name: str(f.name), description: str(f.description) || undefined }));
  return { endpoint: path.includes(':streamGenerateContent') ? 'streamGenerateContent' : 'generateContent', messages, tools, streamed: path.includes(':streamGenerateContent') };
}

function partsText(parts: unknown): string {
  return arr(parts)
    .filter(isRecord)
    .map((p) => str(p.text))
    .filter(Boolean)
    .join('\n');
}

function applyChunk(json: unknown, out: ResponseOutput): void {
  for (const item of Array.isArray(json) ? json : [json]) {
    if (!isRecord(item)) continue;
    if (isRecord(item.error)) out.error = str(item.error.message);
    for (const cand of arr(item.candidates).filter(isRecord)) {
      const content = isRecord(cand.content) ? cand.content : {};
      for (const p of arr(content.parts).filter(isRecord)) {
        if (p.thought === true) out.reasoning = (out.reasoning ?? '') + str(p.text);
        else out.text += str(p.text);
        if (isRecord(p.functionCall)) out.toolCalls.push({ name: str(p.functionCall.name), arguments: JSON.stringify(p.functionCall.args ?? {}) });
      }
    }
  }
}
