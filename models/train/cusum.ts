import { writeFileSync } from 'node:fs';

/**
 * CUSUM parameters. k = 0.5 (tuned to detect a one-sigma shift, the textbook choice); h is solved
 * from Siegmund's approximation so that the in-control average run length is ~2000 intervals
 * (one false alarm per ~33 hours of one-minute intervals per destination).
 */
const K = 0.5;
const TARGET_ARL0 = 2000;

function siegmundArl(k: number, h: number): number {
  const d = -k; // in-control drift of z - k for z ~ N(0,1)
  const b = h + 1.166;
  return (Math.exp(-2 * d * b) + 2 * d * b - 1) / (2 * d * d);
}

export function solveH(k: number, arl0: number): number {
  let lo = 0.1, hi = 20;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (siegmundArl(k, mid) < arl0) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? 'models/cusum.json';
  const params = { k: K, h: Number(solveH(K, TARGET_ARL0).toFixed(3)), alpha: 0.02, warmup: 30, arl0: TARGET_ARL0 };
  writeFileSync(out, `${JSON.stringify(params, null, 2)}\n`);
  console.log(`cusum → ${out}: ${JSON.stringify(params)}`);
}
