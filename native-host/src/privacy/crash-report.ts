import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIGIL_VERSION } from '@vigil/shared';
import { hostPackageRoot } from '../install/package-root.ts';
import { archOf, CrashReport, platformOf, StackFrame } from './payloads.ts';

/**
 * Crash reports keep only what helps fix code: the error's type and code, the stack as code
 * coordinates inside Vigil, and process counters. The message is dropped (it may quote a prompt),
 * and so are argv, environment, working directory and every path outside Vigil's own files.
 */
export type CrashKind = CrashReport['kind'];
export type ProcessKind = CrashReport['process'];

const MAX_PENDING = 20;

export function crashReportsDir(dataDir: string): string {
  return join(dataDir, 'crash-reports');
}

/** Frames live after the "Name: message" header; the header (and so the message, whatever it holds) is cut first. */
function frameLines(err: Error): string[] {
  const stack = typeof err.stack === 'string' ? err.stack : '';
  const header = err.message ? `${err.name}: ${err.message}` : err.name;
  if (!stack.startsWith(header)) return [];
  return stack.slice(header.length).split('\n').filter((l) => /^\s+at /.test(l));
}

function codePath(file: string, root: string): string {
  if (file.startsWith('node:')) return file;
  let path = file;
  if (path.startsWith('file://')) {
    try {
      path = fileURLToPath(path);
    } catch {
      return '<external>';
    }
  }
  if (!isAbsolute(path)) return '<external>';
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return '<external>';
  return rel.split(sep).join('/');
}

function parseFrame(line: string, root: string): StackFrame | null {
  const m = /^\s+at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
  if (!m) return null;
  const file = codePath(m[2]!, root);
  const fn = file === '<external>' || !m[1] ? '<anonymous>' : m[1].replace(/^async /, '').replace(/ \[as .*\]$/, '');
  const frame = { fn, file, line: Number(m[3]), col: Number(m[4]) };
  // A frame that does not fit the closed schema is replaced, not trimmed: partial strings can still leak.
  return StackFrame.safeParse(frame).success ? frame : StackFrame.safeParse({ ...frame, fn: '<anonymous>' }).success ? { ...frame, fn: '<anonymous>' } : null;
}

/** The folder above the native-host package: frame paths read `native-host/...` or `shared/...`. */
function codeRoot(): string {
  return dirname(hostPackageRoot());
}

export function buildCrashReport(thrown: unknown, kind: CrashKind, processKind: ProcessKind, now = Date.now()): CrashReport {
  const err = thrown instanceof Error ? thrown : null;
  const root = codeRoot();
  const frames = err ? frameLines(err).map((l) => parseFrame(l, root)).filter((f): f is StackFrame => f !== null).slice(0, 40) : [];
  const rawCode = (err as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' ? rawCode : null;
  const name = err ? err.constructor?.name || err.name : 'NonError';
  const mem = process.memoryUsage();
  const report: CrashReport = {
    schema: 'vigil.crash/1',
    version: VIGIL_VERSION,
    platform: platformOf(),
    arch: archOf(),
    nodeMajor: Number(process.versions.node.split('.')[0]),
    process: processKind,
    kind,
    errorName: /^[A-Z][A-Za-z]{0,39}$/.test(name) ? name : 'Error',
    code: code && /^[A-Z][A-Z0-9_]{1,47}$/.test(code) ? code : null,
    frames,
    uptimeS: Math.round(process.uptime()),
    rssMB: Math.round(mem.rss / 2 ** 20),
    heapUsedMB: Math.round(mem.heapUsed / 2 ** 20),
    atMinute: Math.floor(now / 60_000),
  };
  return CrashReport.parse(report);
}

/**
 * Keeps a report on disk (0600) whether or not the crash channel is on: the user can read it, and it
 * is sent later only if they turn the channel on. Synchronous because the process is going down.
 */
export function saveCrashReport(dataDir: string, report: CrashReport): string {
  const dir = crashReportsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${report.atMinute}-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(report) + '\n', { mode: 0o600 });
  const all = pendingCrashReports(dataDir);
  for (const old of all.slice(0, Math.max(0, all.length - MAX_PENDING))) rmSync(old.file, { force: true });
  return file;
}

export interface PendingReport {
  file: string;
  report: CrashReport | null;
}

/** Saved reports, oldest first. A file that no longer fits the schema is listed with report null (and never sent). */
export function pendingCrashReports(dataDir: string): PendingReport[] {
  const dir = crashReportsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const file = join(dir, n);
    try {
      const parsed = CrashReport.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return { file, report: parsed.success ? parsed.data : null };
    } catch {
      return { file, report: null };
    }
  });
}
