import { LitElement, html, nothing } from 'lit';
import { DashboardEventsReply, type DashboardEvent } from '@vigil/shared';
import { askHost } from '../../common/ui-requests.ts';
import { ActivityCharts } from './activity-charts.ts';
import { listenToBackground } from './background-port.ts';
import './audit-status.ts';
import './policy-view.ts';

/** How often the live timeline asks for new records, while the panel is open. */
const POLL_MS = 3000;
const LIMIT = 500;

interface Filters {
  site: string;
  effect: string;
  source: string;
  text: string;
}

const time = (ts: number) => new Date(ts).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The side panel dashboard: a live timeline of audited events with filters, a detail view (findings,
 * model scores, the policies that fired and why), activity and risk charts, the audit-chain status
 * and the active policy. Rendered in light DOM so the page stylesheet (theme, uPlot) applies.
 */
export class DashboardView extends LitElement {
  static override properties = { events: { state: true }, headSeq: { state: true }, filters: { state: true }, selected: { state: true }, error: { state: true } };
  declare events: DashboardEvent[];
  declare headSeq: number;
  declare filters: Filters;
  declare selected: DashboardEvent | null;
  declare error: string | null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private charts: ActivityCharts | null = null;
  private stop: (() => void) | null = null;

  constructor() {
    super();
    this.events = [];
    this.headSeq = 0;
    this.filters = { site: '', effect: '', source: '', text: '' };
    this.selected = null;
    this.error = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.load(), POLL_MS);
    // Reload at once when the host comes back (events queued offline arrive then).
    this.stop = listenToBackground((m) => {
      if (m.type === 'status' && m.status.connected) void this.load();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    this.stop?.();
  }

  private async load(): Promise<void> {
    const raw = await askHost({ type: 'dashboard.events', limit: LIMIT });
    const reply = DashboardEventsReply.safeParse(raw);
    if (!reply.success) {
      this.error = (raw as { message?: string } | null)?.message ?? 'the host did not answer';
      return;
    }
    this.error = null;
    if (reply.data.headSeq === this.headSeq && this.events.length) return;
    this.events = reply.data.events;
    this.headSeq = reply.data.headSeq;
  }

  private get visible(): DashboardEvent[] {
    const f = this.filters;
    const needle = f.text.toLowerCase();
    return this.events.filter(
      (e) =>
        (!f.site || e.site === f.site) &&
        (!f.effect || (e.effect ?? 'none') === f.effect) &&
        (!f.source || e.source === f.source) &&
        (!needle || [e.site, e.action, ...e.reasons, ...e.explanations, ...e.findings.map((x) => x.type)].some((s) => s.toLowerCase().includes(needle))),
    );
  }

  private setFilter(key: keyof Filters, value: string): void {
    this.filters = { ...this.filters, [key]: value };
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('events')) {
      const host = this.querySelector<HTMLElement>('.charts');
      if (host) (this.charts ??= new ActivityCharts(host)).update(this.events);
    }
  }

  private select(e: DashboardEvent): void {
    this.selected = e;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('#detail-title')?.focus());
  }

  private renderDetail(e: DashboardEvent) {
    const scores = Object.entries(e.scores).filter(([, v]) => v !== undefined);
    return html`
      <section class="detail" aria-labelledby="detail-title">
        <h2 id="detail-title" tabindex="-1">Event #${e.seq}: ${e.action} on ${e.site}</h2>
        <dl>
          <dt>When</dt><dd>${time(e.ts)}</dd>
          <dt>Decision</dt><dd><span class="effect ${e.effect ?? 'none'}">${e.effect ?? '—'}</span>${e.offline ? ' (captured offline, audited on return)' : ''}</dd>
          <dt>Risk</dt><dd>${e.risk ?? '—'}</dd>
          <dt>Policies</dt><dd>${e.policyIds.length ? e.policyIds.join(', ') : 'none fired'}</dd>
          <dt>Why</dt><dd>${e.reasons.length ? html`<ul>${e.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : '—'}</dd>
          <dt>Findings</dt><dd>${e.findings.length ? html`<ul>${e.findings.map((f) => html`<li>${f.type} <small>(${f.detector}, score ${f.score.toFixed(2)})</small> — ${f.explain}</li>`)}</ul>` : 'none'}</dd>
          <dt>Model scores</dt><dd>${scores.length ? scores.map(([k, v]) => `${k} ${Number(v).toFixed(2)}`).join(' · ') : '—'}</dd>
          <dt>Explanations</dt><dd>${e.explanations.length ? html`<ul>${e.explanations.map((x) => html`<li>${x}</li>`)}</ul>` : '—'}</dd>
        </dl>
        <button @click=${() => (this.selected = null)}>Back to the timeline</button>
      </section>
    `;
  }

  override render() {
    const sites = [...new Set(this.events.map((e) => e.site))].sort();
    const rows = this.visible;
    return html`
      <section aria-labelledby="charts-title"><h2 id="charts-title">Activity</h2><div class="charts"></div></section>
      <section aria-labelledby="audit-title"><h2 id="audit-title">Audit chain</h2><vigil-audit-status .headSeq=${this.headSeq}></vigil-audit-status></section>
      ${this.selected ? this.renderDetail(this.selected) : nothing}
      <section aria-labelledby="timeline-title" ?hidden=${this.selected !== null}>
        <h2 id="timeline-title">Timeline</h2>
        ${this.error ? html`<p role="alert">Cannot read the audit chain: ${this.error}</p>` : nothing}
        <form class="filters" role="search" aria-label="Filter the timeline" @submit=${(e: Event) => e.preventDefault()}>
          <label>Site <select class="f-site" @change=${(e: Event) => this.setFilter('site', (e.target as HTMLSelectElement).value)}>
            <option value="">all</option>${sites.map((s) => html`<option .value=${s}>${s}</option>`)}</select></label>
          <label>Decision <select class="f-effect" @change=${(e: Event) => this.setFilter('effect', (e.target as HTMLSelectElement).value)}>
            <option value="">all</option>${['allow', 'warn', 'redact', 'block', 'none'].map((s) => html`<option .value=${s}>${s}</option>`)}</select></label>
          <label>Source <select class="f-source" @change=${(e: Event) => this.setFilter('source', (e.target as HTMLSelectElement).value)}>
            <option value="">all</option>${['extension', 'proxy', 'host'].map((s) => html`<option .value=${s}>${s}</option>`)}</select></label>
          <label>Search <input type="search" class="f-text" @input=${(e: Event) => this.setFilter('text', (e.target as HTMLInputElement).value)} /></label>
        </form>
        <p class="count" role="status" aria-live="polite">${rows.length} of ${this.events.length} events</p>
        <table class="timeline">
          <caption class="sr-only">Audited events, newest first. Press Enter on a row for details.</caption>
          <thead><tr><th scope="col">Time</th><th scope="col">Site</th><th scope="col">Action</th><th scope="col">Risk</th><th scope="col">Decision</th></tr></thead>
          <tbody>
            ${rows.map(
              (e) => html`<tr tabindex="0" data-seq=${e.seq} aria-label=${`${e.action} on ${e.site}, ${e.effect ?? 'no decision'}, open details`}
                  @click=${() => this.select(e)} @keydown=${(k: KeyboardEvent) => (k.key === 'Enter' || k.key === ' ') && (k.preventDefault(), this.select(e))}>
                <td>${time(e.ts)}</td><td>${e.site}</td><td>${e.action}${e.offline ? html` <small>(offline)</small>` : nothing}</td>
                <td>${e.risk ?? '—'}</td><td><span class="effect ${e.effect ?? 'none'}">${e.effect ?? '—'}</span></td></tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="policy-title"><h2 id="policy-title">Active policy</h2><vigil-policy-view></vigil-policy-view></section>
    `;
  }
}
customElements.define('vigil-dashboard', DashboardView);
