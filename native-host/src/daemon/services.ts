import type { DaemonService } from './service.ts';
import { PrivacyService } from '../privacy/privacy-service.ts';
import { ProxyService } from '../proxy/service.ts';
import { PipelineService } from '../pipeline/pipeline-service.ts';
import { DashboardService } from '../dashboard/service.ts';
import { AuditService } from '../audit/audit-service.ts';

/** The daemon's services, in start order. One line per service; each lives in its own folder. */
export function createServices(): DaemonService[] {
  // The pipeline starts first: the proxy sends every parsed request through it.
  const pipeline = new PipelineService();
  return [pipeline, new ProxyService({ evaluator: pipeline }), new PrivacyService(), new DashboardService(), new AuditService()];
}
