import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCodes, VigilError } from '@vigil/shared';

/**
 * `<policy dir>/settings.json`, next to the policies it governs and reloaded with them.
 * `budgetMs`: how long request-side evaluation may take once detection is running (the worker's
 * model load at start-up is waited for, not counted). `onTimeout`: "open" lets the request through
 * and audits the timeout, "closed" blocks it. Open by default: a slow machine should not stop work,
 * and the deterministic detectors that catch credentials finish in about a millisecond.
 */
export const PolicySettings = z
  .object({
    budgetMs: z.number().int().positive().max(60_000).default(50),
    onTimeout: z.enum(['open', 'closed']).default('open'),
  })
  .strict();
export type PolicySettings = z.infer<typeof PolicySettings>;

export const DEFAULT_SETTINGS: PolicySettings = PolicySettings.parse({});

export async function readSettings(dir: string): Promise<PolicySettings> {
  let text: string;
  try {
    text = await readFile(join(dir, 'settings.json'), 'utf8');
  } catch {
    return DEFAULT_SETTINGS;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new VigilError(ErrorCodes.POLICY_INVALID, `settings.json: ${(err as Error).message}`);
  }
  const parsed = PolicySettings.safeParse(json);
  if (!parsed.success) throw new VigilError(ErrorCodes.POLICY_INVALID, `settings.json: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
