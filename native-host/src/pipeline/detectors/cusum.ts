/**
 * One-sided CUSUM per destination over two series, requests per interval and bytes sent per
 * interval. Each series is standardised against its own slowly updated baseline (EWMA mean and
 * variance), and S = max(0, S + z - k) accumulates only sustained excess: a burst or a drift
 * raises S past h, while single spikes decay. k and h come from models/cusum.json.
 */
export interface CusumParams { k: number; h: number; alpha: number; warmup: number }

interface SeriesState { mean: number; var: number; s: number; n: number }

function update(st: SeriesState, x: number, p: CusumParams): number {
  st.n++;
  if (st.n <= p.warmup) {
    // Learn the baseline before judging; S stays 0 during warm-up.
    const d = x - st.mean;
    st.mean += d / st.n;
    st.var += (d * (x - st.mean) - st.var) / st.n;
    return 0;
  }
  const sd = Math.sqrt(Math.max(st.var, 1e-6));
  const z = (x - st.mean) / Math.max(sd, 0.1 * Math.abs(st.mean) + 1e-3);
  st.s = Math.max(0, st.s + z - p.k);
  // Only in-control points move the baseline, so an ongoing attack cannot teach itself normal.
  if (st.s === 0) {
    const d = x - st.mean;
    st.mean += p.alpha * d;
    st.var = (1 - p.alpha) * (st.var + p.alpha * d * d);
  }
  return st.s / p.h;
}

export class CusumMonitor {
  private readonly series = new Map<string, { rate: SeriesState; bytes: SeriesState }>();
  constructor(private readonly params: CusumParams) {}

  /** Feed one closed interval for a destination; returns a score where ≥ 1 means alarm. */
  observe(destination: string, requests: number, bytes: number): number {
    let st = this.series.get(destination);
    if (!st) {
      st = { rate: { mean: 0, var: 0, s: 0, n: 0 }, bytes: { mean: 0, var: 0, s: 0, n: 0 } };
      this.series.set(destination, st);
    }
    return Math.max(update(st.rate, requests, this.params), update(st.bytes, Math.log1p(bytes), this.params));
  }
}
