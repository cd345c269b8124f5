import type { DaemonMetrics } from '../../metrics/metrics.ts';
import type { ProxyAddon } from '../flow.ts';

/** Counts each finished exchange on an intercepted host and its duration (numbers only). */
export function metricsAddon(metrics: DaemonMetrics): ProxyAddon {
  return {
    name: 'metrics',
    responseEnd: (flow) => metrics.requestHandled(Date.now() - flow.startedAt),
    error: (flow) => metrics.requestHandled(Date.now() - flow.startedAt),
  };
}
