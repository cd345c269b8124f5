import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Line-oriented JSON log to stderr (Chrome copies a native host's stderr into its own log) and,
 * when given, to a file. Never stdout: in native-messaging mode stdout carries the protocol.
 */
export function createLogger(opts: { component: string; file?: string; level?: Level; stderr?: boolean }): Logger {
  const order: Level[] = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(opts.level ?? ((process.env.VIGIL_LOG_LEVEL as Level | undefined) || 'info'));
  let fileOk = Boolean(opts.file);
  if (opts.file) {
    try {
      mkdirSync(dirname(opts.file), { recursive: true, mode: 0o700 });
    } catch {
      fileOk = false;
    }
  }
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < min) return;
    const line = JSON.stringify({ ts: new Date().toISOString(), level, component: opts.component, pid: process.pid, msg, ...fields }) + '\n';
    if (opts.stderr !== false) process.stderr.write(line);
    if (fileOk && opts.file) {
      try {
        appendFileSync(opts.file, line, { mode: 0o600 });
      } catch {
        fileOk = false;
      }
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
