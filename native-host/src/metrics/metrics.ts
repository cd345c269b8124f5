/**
 * Aggregate counters the daemon keeps about itself: how many requests the proxy handled and how long
 * they took, and whether the detection models are warm. Numbers only — the telemetry channel (off by
 * default) reports them, and `vigil status` shows them.
 */
export type ModelStatus = 'not-loaded' | 'warming' | 'warm' | 'failed';

export interface MetricsSnapshot {
  since: number;
  requests: number;
  totalLatencyMs: number;
  modelStatus: ModelStatus;
}

export class DaemonMetrics {
  private since = Date.now();
  private requests = 0;
  private totalLatencyMs = 0;
  private model: ModelStatus = 'not-loaded';

  requestHandled(latencyMs: number): void {
    this.requests++;
    this.totalLatencyMs += Math.max(0, latencyMs);
  }

  modelStatus(status: ModelStatus): void {
    this.model = status;
  }

  snapshot(): MetricsSnapshot {
    return { since: this.since, requests: this.requests, totalLatencyMs: this.totalLatencyMs, modelStatus: this.model };
  }

  /** Starts a new period after a snapshot was reported; requests counted since the snapshot carry over. */
  reported(snap: MetricsSnapshot, now = Date.now()): void {
    this.requests -= snap.requests;
    this.totalLatencyMs -= snap.totalLatencyMs;
    this.since = now;
  }
}
