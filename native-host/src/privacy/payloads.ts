import { z } from 'zod';

/**
 * The version of PRIVACY.md the user accepts. Bump it whenever a payload schema below changes (a test
 * compares these schemas with the hash recorded for this version in schema-lock.json): after a bump
 * every channel stays off until the user accepts the new version.
 */
export const PRIVACY_VERSION = 1;

export const CHANNELS = ['crash', 'telemetry', 'update'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Payloads are closed schemas (strict objects) made of numbers, enumerations and code-shaped strings
 * whose patterns cannot hold free text: nothing the user typed, pasted or received can fit in them.
 */
const Platform = z.enum(['linux', 'darwin', 'win32', 'other']);
const Arch = z.enum(['x64', 'arm64', 'other']);
// Vigil's own release number (VIGIL_VERSION): digits and dots only.
const Version = z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/);
const Count = z.number().int().nonnegative().max(1e12);

/** A stack frame reduced to code coordinates: function identifier, module path inside Vigil (or a placeholder), position. */
export const StackFrame = z
  .object({
    fn: z.string().regex(/^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$<][\w$<>]{0,63}){0,3}$|^<anonymous>$/),
    file: z.string().regex(/^(<external>|node:[a-z_/]{1,80}|(native-host|shared|extension)\/[\w./-]{1,160}\.(ts|js|mjs|cjs))$/),
    line: Count,
    col: Count,
  })
  .strict();
export type StackFrame = z.infer<typeof StackFrame>;

export const CrashReport = z
  .object({
    schema: z.literal('vigil.crash/1'),
    version: Version,
    platform: Platform,
    arch: Arch,
    nodeMajor: z.number().int().min(0).max(999),
    /** Which process crashed and how. */
    process: z.enum(['daemon', 'host', 'cli', 'verifier', 'worker']),
    kind: z.enum(['uncaughtException', 'unhandledRejection', 'crashTest']),
    /** The constructor name of what was thrown (Error, TypeError, VigilError, ...) — never its message. */
    errorName: z.string().regex(/^[A-Z][A-Za-z]{0,39}$|^NonError$/),
    /** A stable Vigil error code or a Node errno code (ENOENT...), when the error had one. */
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,47}$/).nullable(),
    frames: z.array(StackFrame).max(40),
    uptimeS: Count,
    rssMB: Count,
    heapUsedMB: Count,
    /** Minutes since the epoch, rounded: when, to the nearest minute. */
    atMinute: Count,
  })
  .strict();
export type CrashReport = z.infer<typeof CrashReport>;

export const TelemetryPing = z
  .object({
    schema: z.literal('vigil.telemetry/1'),
    version: Version,
    platform: Platform,
    /** Length of the period these counters cover, in seconds. */
    periodS: Count,
    /** Requests the proxy processed in the period. */
    requests: Count,
    /** Mean time the proxy spent per request in the period, in milliseconds (0 when no requests). */
    avgLatencyMs: z.number().nonnegative().max(1e7),
    /** Whether the detection models were loaded and answering. */
    modelStatus: z.enum(['not-loaded', 'warming', 'warm', 'failed']),
  })
  .strict();
export type TelemetryPing = z.infer<typeof TelemetryPing>;

export const UpdateCheckRequest = z
  .object({ schema: z.literal('vigil.update-check/1'), version: Version, platform: Platform, arch: Arch })
  .strict();
export type UpdateCheckRequest = z.infer<typeof UpdateCheckRequest>;

/** What an update endpoint answers. Anything else is rejected (and ignored). */
export const UpdateCheckResponse = z
  .object({ latest: z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,32})?$/) })
  .strip();
export type UpdateCheckResponse = z.infer<typeof UpdateCheckResponse>;

/** The schema each channel's outgoing payload must satisfy, checked again right before sending. */
export const PAYLOAD_SCHEMAS = { crash: CrashReport, telemetry: TelemetryPing, update: UpdateCheckRequest } as const;

export function platformOf(p: string = process.platform): z.infer<typeof Platform> {
  return p === 'linux' || p === 'darwin' || p === 'win32' ? p : 'other';
}
export function archOf(a: string = process.arch): z.infer<typeof Arch> {
  return a === 'x64' || a === 'arm64' ? a : 'other';
}

/** JSON Schema of every payload, as printed in PRIVACY.md and hashed into schema-lock.json. */
export function payloadJsonSchemas(): Record<string, unknown> {
  return {
    crash: z.toJSONSchema(CrashReport),
    telemetry: z.toJSONSchema(TelemetryPing),
    update: { request: z.toJSONSchema(UpdateCheckRequest), response: z.toJSONSchema(UpdateCheckResponse) },
  };
}
