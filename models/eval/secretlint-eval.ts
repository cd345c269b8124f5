import { join } from 'node:path';
import { createEngine } from '@secretlint/node';

/**
 * secretlint's recommended preset on the same CredSweeper files, reduced to the same
 * (file, line) keys as Vigil's findings so both are scored by one function.
 */
interface SlResult { filePath: string; messages: { loc: { start: { line: number }; end: { line: number } } }[] }

export async function secretlintFlags(root: string, files: string[]): Promise<Set<string>> {
  const engine = await createEngine({
    cwd: root, formatter: 'json', color: false, maskSecrets: true,
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
  });
  const flagged = new Set<string>();
  const byAbs = new Map(files.map((f) => [join(root, f), f]));
  const { output } = await engine.executeOnFiles({ filePathList: [...byAbs.keys()] });
  for (const r of JSON.parse(output) as SlResult[]) {
    const rel = byAbs.get(r.filePath);
    if (rel === undefined) continue;
    // Every line a message covers, as for Vigil's findings (secrets-eval.ts).
    for (const m of r.messages) for (let line = m.loc.start.line; line <= m.loc.end.line; line++) flagged.add(`${rel}\u0000${line}`);
  }
  return flagged;
}
