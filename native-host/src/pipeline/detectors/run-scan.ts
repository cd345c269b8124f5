import type { LoadedModels } from './model-loader.ts';
import { scanText, injectionScore, INJECTION_THRESHOLD, type ScanResult } from './ensemble.ts';

/**
 * Scores an agent run. Until the sequence model ships, a run's trajectory score is the highest
 * injection score among the content that entered the run from outside (environment/tool results),
 * i.e. the place a hijack starts; the full text of the run gets the ordinary text verdict.
 */
export interface RunStep { role: string; content?: string; action?: string }

export interface RunScanResult extends ScanResult {
  trajectory: { score: number; flagged: boolean };
}

export async function scanRun(models: LoadedModels, steps: RunStep[]): Promise<RunScanResult> {
  const text = steps.map((s) => s.content ?? s.action ?? '').join('\n');
  const base = await scanText(models, text);
  let score = 0;
  for (const s of steps) {
    if (s.role !== 'environment' || !s.content) continue;
    score = Math.max(score, await injectionScore(models, s.content));
  }
  const flagged = score >= INJECTION_THRESHOLD;
  if (flagged) base.explanations.push(`a tool result in the run reads as an injected instruction (p=${score.toFixed(2)})`);
  return { ...base, risk: Math.max(base.risk, Math.round(100 * score)), trajectory: { score, flagged } };
}
