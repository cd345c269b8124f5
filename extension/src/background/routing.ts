import type { HostConnection } from './host-connection.ts';

export interface RoutingState {
  /** The PAC script is installed and points at this proxy port. */
  active: boolean;
  proxyPort?: number;
  hosts?: string[];
  error?: string;
}

/**
 * Routes AI-provider hosts (and only those) to the local proxy with a PAC script from the host, so
 * the proxy sees what the chat sites' own pages send. Installed while the host runs and protection is
 * on; cleared otherwise so that browsing never depends on a proxy that is not there.
 */
export class Routing {
  private state: RoutingState = { active: false };

  constructor(private readonly host: HostConnection, private readonly onChange: (s: RoutingState) => void) {}

  get status(): RoutingState {
    return this.state;
  }

  async apply(protection: boolean): Promise<void> {
    if (!protection || !this.host.status.connected) return this.clear();
    try {
      const status = await this.host.request({ type: 'status' });
      const port = status.type === 'status' ? status.proxyPort : undefined;
      if (!port) return this.clear('the host runs no proxy');
      const pac = await this.host.request({ type: 'routing.pac', port });
      if (pac.type !== 'routing.pac') throw new Error(pac.type === 'error' ? `${pac.code}: ${pac.message}` : `unexpected reply ${pac.type}`);
      await chrome.proxy.settings.set({ value: { mode: 'pac_script', pacScript: { data: pac.script, mandatory: false } }, scope: 'regular' });
      this.update({ active: true, proxyPort: port, hosts: pac.hosts });
    } catch (err) {
      await this.clear((err as Error).message);
    }
  }

  async clear(error?: string): Promise<void> {
    await chrome.proxy.settings.clear({ scope: 'regular' });
    this.update({ active: false, ...(error ? { error } : {}) });
  }

  private update(next: RoutingState): void {
    this.state = next;
    this.onChange(next);
  }
}
