import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ErrorCodes, VigilError } from '@vigil/shared';
import type { Command } from '../command.ts';
import { parseCommandArgs, wantsHelp } from '../command.ts';
import { loadModels, type LoadedModels } from '../../pipeline/detectors/model-loader.ts';
import { scanText } from '../../pipeline/detectors/ensemble.ts';
import { scanRun, type RunStep } from '../../pipeline/detectors/run-scan.ts';

const HELP = `vigil scan [--jsonl] [--models DIR]

Reads text on stdin and prints one JSON verdict: injection {score, flagged}, secrets and pii
[{type, start, end}], risk 0..100. With --jsonl, reads one JSON object per line, {"text": ...}
or {"steps": [...]} for an agent run, and prints one verdict per line in the same order.`;

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An agent run's steps as `vigil scan` accepts them: a role, and any of the texts a step can carry. */
const RunSteps = z.array(z.object({ role: z.string(), content: z.string().optional(), action: z.string().optional(), thought: z.string().optional() }));

async function scanLine(models: LoadedModels, line: string, n: number): Promise<unknown> {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    throw new VigilError(ErrorCodes.INVALID_JSON, `line ${n}: not JSON`);
  }
  const o = obj as { text?: unknown; steps?: unknown };
  if (typeof o.text === 'string') return scanText(models, o.text);
  if (Array.isArray(o.steps)) {
    const steps = RunSteps.safeParse(o.steps);
    if (!steps.success) {
      const issue = steps.error.issues[0]!;
      throw new VigilError(ErrorCodes.INVALID_MESSAGE, `line ${n}: steps.${issue.path.join('.')}: ${issue.message} (a step is {"role": string, "content"?, "action"?, "thought"?: string})`);
    }
    return scanRun(models, steps.data satisfies RunStep[]);
  }
  throw new VigilError(ErrorCodes.INVALID_MESSAGE, `line ${n}: expected {"text": string} or {"steps": [...]}`);
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Score text (or JSON lines) from stdin for injection, secrets and personal data',
  help: HELP,
  async run(argv) {
    if (wantsHelp(argv)) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const { values } = parseCommandArgs(argv, { jsonl: { type: 'boolean' }, models: { type: 'string' } });
    const models = await loadModels(values.models);
    if (!values.jsonl) {
      process.stdout.write(`${JSON.stringify(await scanText(models, await readAll()))}\n`);
      return 0;
    }
    let n = 0;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      n++;
      if (line.trim() === '') continue;
      process.stdout.write(`${JSON.stringify(await scanLine(models, line, n))}\n`);
    }
    return 0;
  },
};
