/** Rank and threshold metrics for the evaluation; plain functions so tests can check them by hand. */

export function rocAuc(scores: number[], labels: number[]): number {
  const idx = scores.map((s, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0, pos = 0, i = 0;
  while (i < idx.length) {
    // Tied scores share their average rank.
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) { rankSum += avg; pos++; }
    i = j + 1;
  }
  const neg = idx.length - pos;
  return pos === 0 || neg === 0 ? NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Rates { n: number; precision: number; recall: number; fpr: number; auc: number }

export function rates(scores: number[], labels: number[], threshold: number): Rates {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  scores.forEach((s, i) => {
    const flag = s >= threshold;
    if (labels[i] === 1) { if (flag) tp++; else fn++; } else if (flag) fp++; else tn++;
  });
  return { n: scores.length, precision: tp + fp ? tp / (tp + fp) : NaN, recall: tp + fn ? tp / (tp + fn) : NaN, fpr: fp + tn ? fp / (fp + tn) : NaN, auc: rocAuc(scores, labels) };
}

export interface SpanPRF { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }

export function prf(tp: number, fp: number, fn: number): SpanPRF {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
