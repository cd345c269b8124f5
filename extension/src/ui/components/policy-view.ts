import { LitElement, css, html } from 'lit';
import { PolicyViewReply } from '@vigil/shared';
import { askHost } from '../../common/ui-requests.ts';

/** The active policy files, read-only: they are edited as files (see the folder shown), not here. */
export class PolicyView extends LitElement {
  static override properties = { policy: { state: true } };
  static override styles = css`
    :host { display: block; }
    pre { white-space: pre-wrap; font: 12px/1.4 ui-monospace, monospace; background: var(--vigil-surface); border: 1px solid var(--vigil-border); border-radius: 6px; padding: 8px; max-height: 280px; overflow: auto; }
    summary:focus-visible { outline: 3px solid var(--vigil-accent); }
  `;
  declare policy: PolicyViewReply | null;

  constructor() {
    super();
    this.policy = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void askHost({ type: 'dashboard.policy' }).then((raw) => {
      const reply = PolicyViewReply.safeParse(raw);
      if (reply.success) this.policy = reply.data;
    });
  }

  override render() {
    const p = this.policy;
    if (!p) return html`<p>Loading the policy…</p>`;
    if (!p.files.length) return html`<p>No policy files in <code>${p.dir}</code>; the built-in defaults apply.</p>`;
    return html`<p>From <code>${p.dir}</code> (read-only here).</p>
      ${p.files.map((f) => html`<details><summary>${f.name}</summary><pre tabindex="0" aria-label=${`Policy file ${f.name}`}>${f.text}</pre></details>`)}`;
  }
}
customElements.define('vigil-policy-view', PolicyView);
