import { LitElement, css, html, nothing } from 'lit';
import { PrivacyReply, type PrivacyChannel } from '@vigil/shared';
import { askHost } from '../../common/ui-requests.ts';

const CHANNELS: { id: PrivacyChannel; label: string; what: string }[] = [
  { id: 'crash', label: 'Crash reports', what: 'error type and code, Vigil code positions, memory counters — never messages or paths' },
  { id: 'telemetry', label: 'Telemetry counters', what: 'requests handled, average latency, model status — numbers only' },
  { id: 'update', label: 'Update checks', what: 'your Vigil version and platform; the answer is the latest version' },
];

const STATE_TEXT: Record<PrivacyReply['channels']['crash']['state'], string> = {
  on: 'sending',
  off: 'off',
  'needs-acceptance': 'paused: PRIVACY.md changed, accept the new version to resume',
  'no-endpoint': 'on, but no endpoint is configured (vigil privacy endpoint)',
};

/**
 * The popup's three opt-in channels (PRIVACY.md), all off by default. Turning one on is the user's
 * explicit choice and accepts the PRIVACY.md version the host ships; the host records it in the
 * audit chain. Nothing here sends anything itself: the host does, and only what PRIVACY.md lists.
 */
export class PrivacySwitches extends LitElement {
  static override properties = { view: { state: true }, error: { state: true }, busy: { state: true } };
  static override styles = css`
    :host { display: block; margin-top: 10px; }
    fieldset { border: 1px solid var(--vigil-border); border-radius: 8px; padding: 8px 12px; background: var(--vigil-surface); margin: 0; }
    legend { font-weight: 600; padding: 0 4px; }
    label { display: flex; align-items: flex-start; gap: 8px; margin: 6px 0; }
    small { display: block; color: var(--vigil-muted); }
    .state { font-size: 12px; color: var(--vigil-muted); }
    .note { font-size: 12px; margin: 6px 0 0; }
    .error { color: var(--vigil-bad); font-size: 12px; }
    input:focus-visible, button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
    button { font: inherit; padding: 2px 8px; border-radius: 6px; border: 1px solid var(--vigil-border); background: var(--vigil-bg); color: var(--vigil-text); cursor: pointer; }
  `;

  declare view: PrivacyReply | null;
  declare error: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.view = null;
    this.error = null;
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.ask({ type: 'privacy.get' });
  }

  private async ask(request: { type: 'privacy.get' } | { type: 'privacy.set'; accept?: boolean; channels?: Partial<Record<PrivacyChannel, { enabled: boolean }>> }): Promise<void> {
    this.busy = true;
    try {
      const reply = await askHost(request);
      const parsed = PrivacyReply.safeParse(reply);
      if (parsed.success) {
        this.view = parsed.data;
        this.error = null;
      } else {
        const message = (reply as { message?: unknown } | null)?.message;
        this.error = typeof message === 'string' ? message : 'the Vigil host did not answer; privacy settings are unavailable (everything stays off)';
      }
    } finally {
      this.busy = false;
    }
  }

  private toggle(channel: PrivacyChannel, on: boolean): void {
    // Turning a channel on is the explicit acceptance of the PRIVACY.md version shown next to it.
    void this.ask({ type: 'privacy.set', ...(on ? { accept: true } : {}), channels: { [channel]: { enabled: on } } });
  }

  override render() {
    const v = this.view;
    return html`<fieldset aria-busy=${this.busy ? 'true' : 'false'}>
      <legend>What Vigil may send (all off by default)</legend>
      ${CHANNELS.map((c) => {
        const ch = v?.channels[c.id];
        return html`<label>
          <input type="checkbox" role="switch" .checked=${ch?.enabled ?? false} ?disabled=${!v || this.busy}
            aria-describedby="what-${c.id}" @change=${(e: Event) => this.toggle(c.id, (e.target as HTMLInputElement).checked)} />
          <span>${c.label}<small id="what-${c.id}">${c.what}</small>${ch ? html`<span class="state">${STATE_TEXT[ch.state]}</span>` : nothing}</span>
        </label>`;
      })}
      ${v
        ? html`<p class="note">PRIVACY.md version ${v.version}: ${v.acceptedVersion === v.version ? 'accepted' : v.acceptedVersion === null ? 'turning a switch on accepts it' : html`you accepted version ${v.acceptedVersion}. <button type="button" @click=${() => void this.ask({ type: 'privacy.set', accept: true })}>Accept version ${v.version}</button>`}</p>`
        : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </fieldset>`;
  }
}

customElements.define('vigil-privacy-switches', PrivacySwitches);
