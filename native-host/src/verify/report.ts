/** What the verifier found. `problem` names the first bad record (or the file) and why, with evidence. */
export interface Problem {
  /** The first record that is wrong or missing; null when the problem is a file (checkpoint, state). */
  seq: number | null;
  what: string;
  evidence: Record<string, unknown>;
}

export interface VerifyReport {
  status: 'intact' | 'tampered';
  source: string;
  chainId: string;
  records: number;
  /** Seqs whose body was erased (hash kept): reported, not a failure. */
  erased: number[];
  checkpoints: number;
  keys: string[];
  signatureThreads: number;
  /** Newest checkpoint that verified (chain or file). */
  latestCheckpoint: { size: number; rootHash: string } | null;
  warnings: string[];
  problem: Problem | null;
}

export function formatReport(r: VerifyReport): string {
  const lines = [
    `source:      ${r.source}`,
    `chain:       ${r.chainId}`,
    `records:     ${r.records}`,
    `erased:      ${r.erased.length}${r.erased.length ? ` (${r.erased.slice(0, 20).join(', ')}${r.erased.length > 20 ? ', …' : ''})` : ''}`,
    `checkpoints: ${r.checkpoints}${r.latestCheckpoint ? ` (latest: size ${r.latestCheckpoint.size}, root ${r.latestCheckpoint.rootHash})` : ''}`,
    `keys:        ${r.keys.join(' → ') || '(none)'}`,
    ...r.warnings.map((w) => `warning:     ${w}`),
  ];
  if (r.problem) {
    lines.push(`TAMPERED:    ${r.problem.seq === null ? '' : `record ${r.problem.seq}: `}${r.problem.what}`);
    for (const [k, v] of Object.entries(r.problem.evidence)) lines.push(`  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  } else {
    lines.push('result:      intact');
  }
  return lines.join('\n') + '\n';
}
