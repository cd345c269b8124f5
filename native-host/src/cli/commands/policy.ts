import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCodes, VigilError } from '@vigil/shared';
import { defaultDataDir } from '../../config/paths.ts';
import { scanRun } from '../../pipeline/detectors/run-scan.ts';
import { scanText } from '../../pipeline/detectors/ensemble.ts';
import { loadModels } from '../../pipeline/detectors/model-loader.ts';
import { DEFAULT_PACK_DIR, policyDir, readPolicyFiles, readSchema } from '../../pipeline/policy/policy-files.ts';
import { compilePolicySet, type CompiledPolicySet } from '../../pipeline/policy/policy-set.ts';
import { readPolicyTests, runPolicyTests } from '../../pipeline/policy/policy-tests.ts';
import { readSettings } from '../../pipeline/settings.ts';
import type { Command } from '../command.ts';
import { parseCommandArgs, wantsHelp } from '../command.ts';

const HELP = `Usage: vigil policy check [--dir D] [--data-dir D]
       vigil policy test  [--dir D] [--data-dir D] [--models DIR] FILE...

check  parses every .cedar file of the policy folder, validates it against Vigil's schema and
       settings.json; prints each problem as file:line:column: message (Cedar's error). Exit 1 if any.
test   runs policy test cases (YAML or JSON: a list of {name, action, context | text, expect,
       policies?}) against the folder; prints one line per case. Exit 1 if any case fails.

The folder is --dir, else <data-dir>/policies (what the daemon runs), else the default pack.`;

function folder(values: { dir?: string; 'data-dir'?: string }): string {
  if (values.dir) return resolve(values.dir);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  return existsSync(policyDir(dataDir)) ? policyDir(dataDir) : DEFAULT_PACK_DIR;
}

async function compile(dir: string): Promise<CompiledPolicySet> {
  if (!existsSync(dir)) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `no policy folder at ${dir}`);
  const [files, schema] = await Promise.all([readPolicyFiles(dir), readSchema()]);
  await readSettings(dir);
  return compilePolicySet(files, schema);
}

export const policyCommand: Command = {
  name: 'policy',
  summary: 'Check policy files against the schema, or run policy test cases',
  help: HELP,
  async run(argv) {
    if (wantsHelp(argv) || argv.length === 0) {
      process.stdout.write(`${HELP}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    const [sub, ...rest] = argv;
    const { values, positionals } = parseCommandArgs(rest, { dir: { type: 'string' }, 'data-dir': { type: 'string' }, models: { type: 'string' } }, true);
    const dir = folder(values);
    if (sub === 'check') {
      if (positionals.length) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `unexpected argument "${positionals[0]}"`);
      const set = await compile(dir);
      process.stdout.write(`${dir}: ${set.policies.size} policies in ${set.files.length} files, valid (sha256 ${set.hash.slice(0, 16)})\n`);
      return 0;
    }
    if (sub === 'test') {
      if (positionals.length === 0) throw new VigilError(ErrorCodes.BAD_ARGUMENTS, 'policy test needs at least one test file');
      const set = await compile(dir);
      const cases = await Promise.all(positionals.map((f) => readPolicyTests(resolve(f))));
      // The models load only when a case gives text for the real detectors.
      const needsModels = cases.flat().some((c) => c.text !== undefined);
      const models = needsModels ? await loadModels(values.models) : null;
      const detector = models ? { scan: (t: string) => scanText(models, t), scanRun: (s: Parameters<typeof scanRun>[1]) => scanRun(models, s) } : undefined;
      let failed = 0;
      for (const [i, file] of positionals.entries()) {
        for (const r of await runPolicyTests(set, cases[i]!, detector)) {
          if (!r.ok) failed++;
          const fired = r.got.policyIds.length ? ` [${r.got.policyIds.join(', ')}]` : '';
          const why = r.ok ? '' : ` — expected ${r.expected}${r.missing.length ? ` with ${r.missing.join(', ')}` : ''}, got ${r.got.effect}${r.got.errors.length ? ` (errors: ${r.got.errors.join('; ')})` : ''}`;
          process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${file}: ${r.name}: ${r.got.effect}${fired}${why}\n`);
        }
      }
      const total = cases.flat().length;
      process.stdout.write(`${total - failed}/${total} passed\n`);
      if (failed) throw new VigilError(ErrorCodes.POLICY_TEST_FAILED, `${failed} of ${total} policy tests failed`);
      return 0;
    }
    throw new VigilError(ErrorCodes.BAD_ARGUMENTS, `unknown policy sub-command "${sub}" (check, test)`);
  },
};
