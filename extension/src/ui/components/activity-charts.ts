import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DashboardEvent } from '@vigil/shared';

const HOUR = 3600_000;

/**
 * Activity (events per hour) and risk over the last 24 hours, drawn with uPlot into `host` (light DOM:
 * uPlot's stylesheet is page-level). Each chart has a text summary for screen readers.
 */
export class ActivityCharts {
  private plots: uPlot[] = [];

  constructor(private readonly host: HTMLElement) {}

  update(events: readonly DashboardEvent[]): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.host.replaceChildren();
    const now = Date.now();
    const start = Math.floor((now - 24 * HOUR) / HOUR) * HOUR;
    const hours = Array.from({ length: 25 }, (_, i) => start + i * HOUR);
    const counts = hours.map(() => 0);
    const blocked = hours.map(() => 0);
    for (const e of events) {
      const i = Math.floor((e.ts - start) / HOUR);
      if (i < 0 || i >= hours.length) continue;
      counts[i]!++;
      if (e.effect === 'block' || e.effect === 'redact') blocked[i]!++;
    }
    const recent = events.filter((e) => e.ts >= start && e.risk !== undefined).sort((a, b) => a.ts - b.ts);
    const width = Math.max(240, this.host.clientWidth || 320);
    const styles = getComputedStyle(document.documentElement);
    const color = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
    const axes: uPlot.Axis[] = [{ stroke: color('--vigil-muted', '#5b6470'), grid: { stroke: color('--vigil-border', '#d8dde3') } }, { stroke: color('--vigil-muted', '#5b6470'), grid: { stroke: color('--vigil-border', '#d8dde3') } }];
    this.plots.push(
      this.chart('Events per hour, last 24 hours', `${counts.reduce((a, b) => a + b, 0)} events, ${blocked.reduce((a, b) => a + b, 0)} blocked or redacted.`, {
        width, height: 140, axes,
        series: [{}, { label: 'events', stroke: color('--vigil-accent', '#2563eb'), fill: 'rgba(37,99,235,0.15)' }, { label: 'blocked/redacted', stroke: color('--vigil-bad', '#c62828') }],
      }, [hours.map((t) => t / 1000), counts, blocked]),
    );
    this.plots.push(
      this.chart('Risk of each event, last 24 hours', recent.length ? `highest risk ${Math.max(...recent.map((e) => e.risk!))} of 100.` : 'no scored events.', {
        width, height: 140, axes, scales: { y: { range: [0, 100] } },
        series: [{}, { label: 'risk', stroke: color('--vigil-warn', '#9a5b00'), points: { show: true, size: 5 }, width: 1 }],
      }, [recent.map((e) => e.ts / 1000), recent.map((e) => e.risk!)]),
    );
  }

  private chart(title: string, summary: string, opts: Omit<uPlot.Options, 'title'>, data: uPlot.AlignedData): uPlot {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.textContent = `${title}: ${summary}`;
    const target = document.createElement('div');
    target.setAttribute('role', 'img');
    target.setAttribute('aria-label', `${title}: ${summary}`);
    figure.append(caption, target);
    this.host.append(figure);
    return new uPlot({ ...opts, legend: { show: true } }, data, target);
  }
}
