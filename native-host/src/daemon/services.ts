import type { DaemonService } from './service.ts';
import { PrivacyService } from '../privacy/privacy-service.ts';
import { ProxyService } from '../proxy/service.ts';
import { DashboardService } from '../dashboard/service.ts';

/** The daemon's services, in start order. One line per service; each lives in its own folder. */
export function createServices(): DaemonService[] {
  return [new ProxyService(), new PrivacyService(), new DashboardService()];
}
