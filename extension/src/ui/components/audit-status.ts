import { LitElement, css, html, nothing } from 'lit';
import { AuditVerifyReply } from '@vigil/shared';
import { askHost } from '../../common/ui-requests.ts';

/** Audit-chain status with a "Verify now" button: the host walks every link, signature and checkpoint. */
export class AuditStatus extends LitElement {
  static override properties = { report: { state: true }, busy: { state: true }, error: { state: true }, headSeq: {} };
  static override styles = css`
    :host { display: block; }
    .row { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    .intact { color: var(--vigil-good); font-weight: 600; }
    .tampered { color: var(--vigil-bad); font-weight: 600; }
    button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid var(--vigil-border); background: var(--vigil-bg); color: var(--vigil-text); cursor: pointer; }
    button:focus-visible { outline: 3px solid var(--vigil-accent); outline-offset: 2px; }
  `;
  declare report: AuditVerifyReply | null;
  declare busy: boolean;
  declare error: string | null;
  declare headSeq: number;

  constructor() {
    super();
    this.report = null;
    this.busy = false;
    this.error = null;
    this.headSeq = 0;
  }

  async verify(): Promise<void> {
    this.busy = true;
    this.error = null;
    const raw = await askHost({ type: 'dashboard.verify' });
    const reply = AuditVerifyReply.safeParse(raw);
    if (reply.success) this.report = reply.data;
    else this.error = (raw as { message?: string } | null)?.message ?? 'the host did not answer';
    this.busy = false;
  }

  override render() {
    const r = this.report;
    return html`
      <div class="row">
        <span>${this.headSeq} records in the signed chain.</span>
        <button class="verify" @click=${() => this.verify()} ?disabled=${this.busy} aria-describedby="verify-result">${this.busy ? 'Verifying…' : 'Verify now'}</button>
      </div>
      <p id="verify-result" role="status" aria-live="polite" data-status=${r?.status ?? (this.error ? 'error' : 'unknown')}>
        ${r
          ? html`<span class=${r.status}>${r.status === 'intact' ? 'Intact' : r.status === 'empty' ? 'No records yet' : 'Tampered'}</span>:
              ${r.records} records, ${r.checkpoints} checkpoints, checked in ${r.ms} ms at ${new Date(r.checkedAt).toLocaleTimeString()}.
              ${r.problem ? html`<br />First bad record: ${r.problem.seq ?? 'file'} — ${r.problem.what}` : nothing}`
          : this.error ? html`Could not verify: ${this.error}` : 'Not verified in this session yet.'}
      </p>
    `;
  }
}
customElements.define('vigil-audit-status', AuditStatus);
