import type { RunStep } from './step-features.ts';

/** Messages between the daemon and the detection worker. */
export type WorkerRequest =
  | { id: number; kind: 'scan'; text: string; cusum?: number }
  | { id: number; kind: 'scanRun'; steps: RunStep[] }
  | { id: number; kind: 'traffic'; destination: string; requests: number; bytes: number };

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: string; message: string };
