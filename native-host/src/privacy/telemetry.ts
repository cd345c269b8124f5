import { VIGIL_VERSION } from '@vigil/shared';
import type { MetricsSnapshot } from '../metrics/metrics.ts';
import { platformOf, type TelemetryPing } from './payloads.ts';

/** The telemetry ping for a metrics snapshot: counts and an average, nothing else. */
export function telemetryPing(snap: MetricsSnapshot, now = Date.now()): TelemetryPing {
  return {
    schema: 'vigil.telemetry/1',
    version: VIGIL_VERSION,
    platform: platformOf(),
    periodS: Math.max(0, Math.round((now - snap.since) / 1000)),
    requests: snap.requests,
    avgLatencyMs: snap.requests ? Math.round((snap.totalLatencyMs / snap.requests) * 100) / 100 : 0,
    modelStatus: snap.modelStatus,
  };
}
