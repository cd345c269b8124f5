import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Readers for the normalised dataset folder (shared/datasets); the folder is always an argument. */

export interface TextRow { text: string; label: number; source: string; kind: string; system?: string }
export interface Step { role: string; content?: string; action?: string }
export interface RunRow { steps: Step[]; label: number; source: string }

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}

export const injectionSplit = (dir: string, split: 'train' | 'test') => readJsonl<TextRow>(join(dir, 'injection', `${split}.jsonl`));
export const trajectorySplit = (dir: string, split: 'train' | 'test') => readJsonl<RunRow>(join(dir, 'trajectories', `${split}.jsonl`));

export function datasetsArg(argv: string[]): string {
  const i = argv.indexOf('--data');
  const dir = i >= 0 ? argv[i + 1] : undefined;
  if (!dir) throw new Error('usage: --data <datasets dir> (e.g. ../shared/datasets)');
  return dir;
}
