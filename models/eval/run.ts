import { loadModels } from '../../native-host/src/pipeline/detectors/model-loader.ts';
import { datasetsArg } from '../train/data.ts';
import { evalInjection, evalTrajectories } from './injection-eval.ts';
import { evalPii } from './pii-eval.ts';
import { credSweeperLabels, scoreFlags, vigilFlags } from './secrets-eval.ts';
import { secretlintFlags } from './secretlint-eval.ts';

/** `npm run eval -- --data <datasets dir>`: prints every score as JSON (the model card quotes it). */
export async function runEval(dataDir: string) {
  const models = await loadModels();
  const injection = await evalInjection(models, dataDir);
  const trajectories = await evalTrajectories(models, dataDir);
  const pii = evalPii(dataDir);
  const { root, pos, decoys } = credSweeperLabels(dataDir);
  const files = [...new Set([...pos, ...decoys].map((k) => k.split('\u0000')[0]!))];
  const secrets = { vigil: scoreFlags(vigilFlags(root, files), pos, decoys), secretlint: scoreFlags(await secretlintFlags(root, files), pos, decoys) };
  return { injection, trajectories, pii, secrets };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = datasetsArg(process.argv);
  console.log(JSON.stringify(await runEval(dir), null, 1));
}
