import { LitElement, css, html, nothing } from 'lit';
import { DashboardSummaryReply, type EffectCounts } from '@vigil/shared';
import type { ProtectionState } from '../../common/status.ts';
import { readSettings, siteEnabled, updateSettings, type Settings } from '../../common/settings.ts';
import { askHost } from '../../common/ui-requests.ts';
import { adapterForHost } from '../../content/sites/index.ts';
import { listenToBackground, startOfToday } from './background-port.ts';

interface TabSite {
  /** Site id (built-in) or origin (user-added or addable). */
  key: string;
  label: string;
  origin: string;
  known: boolean;
}

/**
 * The popup's protection card: whether protection is on, degraded (host unreachable, on-device checks
 * only) or off; the proxy routing; events waiting in the outbox; today's counts; and the switches,
 * global and for the site in the current tab.
 */
export class ProtectionPanel extends LitElement {
  static override properties = { state: { state: true }, settings: { state: true }, today: { state: true }, tabSite: { state: true } };
  static override styles = css`
    :host { display: block; margin-top: 10px; }
    .card { border: 1px solid var(--vigil-border); border-radius: 8px; padding: 12px; background: var(--vigil-surface); }
    .banner { font-weight: 600; font-size: 14px; margin: 0 0 8px; }
    .banner.degraded { color: var(--vigil-warn, #b26a00); }
    .banner.off { color: var(--vigil-bad); }
    .banner.on { color: var(--vigil-good); }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0 0 10px; }
    dt { color: var(--vigil-muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    .counts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; margin: 0 0 10px; padding: 0; list-style: none; text-align: center; }
    .counts li { border: 1px solid var(--vigil-border); border-radius: 6px; padding: 4px; }
    .counts b { display: block; font-size: 18px; }
    label { display: flex; align-items: center; gap: 8px; margin: 6px 0; }
    input:focus-visible, button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
    button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid var(--vigil-border); background: var(--vigil-bg); color: var(--vigil-text); cursor: pointer; }
  `;

  declare state: ProtectionState | null;
  declare settings: Settings | null;
  declare today: EffectCounts | null;
  declare tabSite: TabSite | null;
  private stop: (() => void) | null = null;

  constructor() {
    super();
    this.state = null;
    this.settings = null;
    this.today = null;
    this.tabSite = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stop = listenToBackground((m) => {
      if (m.type !== 'protection') return;
      const hostBack = this.state?.degraded && !m.protection.degraded;
      this.state = m.protection;
      if (hostBack || !this.today) void this.loadCounts();
    });
    void readSettings().then((s) => (this.settings = s));
    chrome.storage.onChanged.addListener(this.settingsChanged);
    void this.loadTab();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
    chrome.storage.onChanged.removeListener(this.settingsChanged);
  }

  private readonly settingsChanged = () => void readSettings().then((s) => (this.settings = s));

  private async loadCounts(): Promise<void> {
    const reply = DashboardSummaryReply.safeParse(await askHost({ type: 'dashboard.summary', since: startOfToday() }));
    if (reply.success) this.today = reply.data.today;
  }

  private async loadTab(): Promise<void> {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    if (!tab?.url) return;
    let url: URL;
    try {
      url = new URL(tab.url);
    } catch {
      return;
    }
    if (!/^https?:$/.test(url.protocol)) return;
    const builtin = adapterForHost(url.hostname);
    const settings = await readSettings();
    const user = settings.userSites.some((s) => s.origin === url.origin);
    this.tabSite = builtin ? { key: builtin.id, label: builtin.name, origin: url.origin, known: true } : { key: url.origin, label: url.host, origin: url.origin, known: user };
  }

  private async toggleGlobal(e: Event): Promise<void> {
    const on = (e.target as HTMLInputElement).checked;
    await updateSettings((s) => ({ ...s, protection: on }));
  }

  private async toggleSite(site: TabSite, on: boolean): Promise<void> {
    await updateSettings((s) => ({ ...s, disabledSites: on ? s.disabledSites.filter((k) => k !== site.key) : [...new Set([...s.disabledSites, site.key])] }));
  }

  /** Adds the current tab's site: asks Chrome for access to that origin only (a user gesture is required). */
  private async addSite(site: TabSite): Promise<void> {
    const granted = await chrome.permissions.request({ origins: [`${site.origin}/*`] });
    if (!granted) return;
    await updateSettings((s) => ({ ...s, userSites: [...s.userSites.filter((u) => u.origin !== site.origin), { origin: site.origin, adapter: 'generic' }] }));
    this.tabSite = { ...site, known: true };
  }

  override render() {
    const p = this.state;
    const s = this.settings;
    if (!p || !s) return html`<div class="card" role="status">Checking protection…</div>`;
    const mode = !p.enabled ? 'off' : p.degraded ? 'degraded' : 'on';
    const banner = {
      on: 'Protected: your policy decides on every paste and send.',
      degraded: 'Protection degraded: the Vigil host is unreachable, so warnings come from the on-device model and rules. Events are kept and audited when it returns.',
      off: 'Protection is off.',
    }[mode];
    const site = this.tabSite;
    return html`
      <section class="card" aria-labelledby="protection-title" data-protection=${mode}>
        <h2 id="protection-title" class="banner ${mode}" role="status" aria-live="polite">${banner}</h2>
        <dl>
          <dt>Proxy</dt>
          <dd class="routing">${p.routing.active ? `AI sites routed to 127.0.0.1:${p.routing.proxyPort}` : `not routed${p.routing.error ? ` (${p.routing.error})` : ''}`}</dd>
          <dt>Waiting</dt>
          <dd class="outbox">${p.outbox} event${p.outbox === 1 ? '' : 's'} not yet in the audit chain</dd>
          ${p.hostError ? html`<dt>Host</dt><dd>${p.hostError}</dd>` : nothing}
        </dl>
        <h3 id="today-title" style="font-size:13px;margin:0 0 4px">Today</h3>
        <ul class="counts" aria-labelledby="today-title">
          ${(['events', 'warn', 'redact', 'block'] as const).map((k) => html`<li data-count=${k}><b>${this.today ? this.today[k] : '–'}</b>${k === 'events' ? 'checked' : k === 'warn' ? 'warned' : k === 'redact' ? 'redacted' : 'blocked'}</li>`)}
        </ul>
        <label><input type="checkbox" role="switch" class="global" .checked=${s.protection} @change=${this.toggleGlobal} /> Protection on</label>
        ${site
          ? site.known
            ? html`<label><input type="checkbox" role="switch" class="site" .checked=${siteEnabled({ ...s, protection: true }, site.key)} ?disabled=${!s.protection} @change=${(e: Event) => this.toggleSite(site, (e.target as HTMLInputElement).checked)} /> Protect on ${site.label}</label>`
            : html`<button class="add-site" @click=${() => this.addSite(site)}>Protect ${site.label} too</button>`
          : nothing}
      </section>
    `;
  }
}

customElements.define('vigil-protection', ProtectionPanel);
