import { ErrorCodes } from '../errors.ts';
import { PROTOCOL_VERSION } from '../version.ts';
import { REQUEST_TYPES, Request, type ErrorReply } from './messages.ts';

export type Parsed = { ok: true; request: Request } | { ok: false; error: ErrorReply };

function idOf(value: unknown): number | string | null {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'number' && Number.isInteger(id)) return id;
    if (typeof id === 'string' && id.length <= 128) return id;
  }
  return null;
}

function fail(id: number | string | null, code: string, message: string): Parsed {
  return { ok: false, error: { id, type: 'error', code, message } };
}

/** Validates one decoded message. Never throws: bad input becomes an error reply with a stable code. */
export function parseRequest(value: unknown): Parsed {
  const id = idOf(value);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return fail(id, ErrorCodes.INVALID_MESSAGE, 'a message must be a JSON object');
  }
  const { type, v } = value as { type?: unknown; v?: unknown };
  if (typeof type !== 'string') return fail(id, ErrorCodes.INVALID_MESSAGE, 'missing string field "type"');
  if (v !== undefined && v !== PROTOCOL_VERSION) {
    return fail(id, ErrorCodes.UNSUPPORTED_PROTOCOL, `protocol version ${String(v)} is not supported (host speaks ${PROTOCOL_VERSION})`);
  }
  if (!(REQUEST_TYPES as readonly string[]).includes(type)) {
    return fail(id, ErrorCodes.UNKNOWN_TYPE, `unknown message type "${type.slice(0, 64)}"`);
  }
  const result = Request.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return fail(id, ErrorCodes.INVALID_MESSAGE, `invalid "${type}" message${where}: ${issue?.message ?? 'schema mismatch'}`);
  }
  return { ok: true, request: result.data };
}

/** Decodes JSON text then validates it. */
export function parseRequestText(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail(null, ErrorCodes.INVALID_JSON, `message is not valid JSON: ${(err as Error).message}`);
  }
  return parseRequest(value);
}
