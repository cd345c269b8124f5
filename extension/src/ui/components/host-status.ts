import { LitElement, css, html } from 'lit';
import type { HostStatus } from '../../common/status.ts';
import { listenToBackground } from './background-port.ts';

function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h} h ${m} min` : m ? `${m} min ${s % 60} s` : `${s} s`;
}

/**
 * Shows whether the native host is connected, its version and uptime. Listens to the background
 * and re-renders every second so the uptime and retry countdown stay live.
 */
export class HostStatusElement extends LitElement {
  static override properties = { status: { state: true }, now: { state: true } };
  static override styles = css`
    :host { display: block; font: 14px/1.4 system-ui, sans-serif; }
    .card { border: 1px solid var(--vigil-border); border-radius: 8px; padding: 12px; background: var(--vigil-surface); }
    .state { display: flex; align-items: center; gap: 8px; font-weight: 600; font-size: 15px; }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--vigil-bad); }
    .connected .dot { background: var(--vigil-good); }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 10px 0 0; }
    dt { color: var(--vigil-muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
  `;

  declare status: HostStatus | null;
  declare now: number;
  private stop: (() => void) | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super();
    this.status = null;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stop = listenToBackground((message) => {
      if (message.type !== 'status') return;
      this.status = message.status;
      this.now = Date.now();
    });
    this.ticker = setInterval(() => (this.now = Date.now()), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
    if (this.ticker) clearInterval(this.ticker);
  }

  override render() {
    const s = this.status;
    if (!s) return html`<div class="card" role="status" aria-live="polite" data-state="unknown">Checking the Vigil host…</div>`;
    const state = s.connected ? 'connected' : 'disconnected';
    return html`
      <div class="card ${state}" role="status" aria-live="polite" data-state=${state}>
        <div class="state"><span class="dot" aria-hidden="true"></span><span class="label">Host ${state}</span></div>
        <dl>
          ${s.connected
            ? html`<dt>Version</dt><dd class="version">${s.hostVersion}</dd>
                <dt>Uptime</dt><dd class="uptime">${s.daemonStartedAt ? formatUptime(this.now - Date.parse(s.daemonStartedAt)) : '—'}</dd>
                <dt>Daemon pid</dt><dd>${s.daemonPid}</dd>`
            : html`<dt>Reason</dt><dd class="reason">${s.lastError ?? 'not connected yet'}</dd>
                <dt>Retry</dt><dd>${s.retryAt ? `in ${Math.max(0, Math.ceil((s.retryAt - this.now) / 1000))} s` : '—'}</dd>
                <dt>Fix</dt><dd>Run <code>npx vigil install</code> in the Vigil folder, then reload the extension.</dd>`}
        </dl>
      </div>
    `;
  }
}

customElements.define('vigil-host-status', HostStatusElement);
