import { html, render, type TemplateResult } from 'lit';
import type { CaptureReply } from '../common/capture-messages.ts';

export type OverlayChoice = 'remove' | 'redact' | 'send' | 'dismiss';

export interface OverlayOptions {
  reply: CaptureReply;
  /** What triggered it, for the heading: a paste, a file, or the send itself. */
  trigger: 'paste' | 'drop' | 'file' | 'submit' | 'typed';
  canRedact: boolean;
  /** Offered only when the policy allows sending despite the finding (warn). */
  canSendAnyway: boolean;
  onChoice(choice: OverlayChoice): void;
  /** Milliseconds since the triggering event, recorded on the host element for tests and the bench. */
  latencyMs: number;
}

const STYLES = `
  :host { all: initial; }
  .box { position: fixed; z-index: 2147483647; left: 50%; bottom: 96px; transform: translateX(-50%);
    max-width: min(560px, calc(100vw - 32px)); box-sizing: border-box; padding: 14px 16px; border-radius: 10px;
    font: 14px/1.45 system-ui, sans-serif; color: #15181d; background: #fff; border: 2px solid #b26a00;
    box-shadow: 0 6px 24px rgba(0,0,0,.25); }
  .box.block { border-color: #c62828; }
  .box.redact { border-color: #6a3fb5; }
  h2 { margin: 0 0 4px; font-size: 15px; }
  ul { margin: 6px 0 10px; padding-left: 18px; }
  .actions { display: flex; gap: 8px; flex-wrap: wrap; }
  button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #8a94a0; background: #f6f7f9; color: inherit; cursor: pointer; }
  button.primary { background: #15181d; color: #fff; border-color: #15181d; }
  button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
  .by { color: #5b6470; font-size: 12px; margin-top: 8px; }
  @media (prefers-color-scheme: dark) {
    .box { background: #1f242b; color: #e8ebef; }
    button { background: #2a3038; border-color: #5b6470; }
    button.primary { background: #e8ebef; color: #15181d; }
    .by { color: #9aa4b1; }
  }
`;

const HEADINGS: Record<string, string> = {
  block: 'Vigil blocked this',
  redact: 'Vigil will redact this',
  warn: 'Vigil warning',
};

/**
 * The before-submit warning, rendered with lit into a closed shadow root so the page can neither read
 * what Vigil found nor click its buttons. Only one overlay exists at a time.
 */
export class Overlay {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;

  show(o: OverlayOptions): void {
    this.hide();
    const host = document.createElement('vigil-overlay');
    const root = host.attachShadow({ mode: 'closed' });
    const { decision, verdict } = o.reply;
    host.dataset.effect = decision.effect;
    host.dataset.ms = String(Math.round(o.latencyMs));
    host.dataset.decidedBy = o.reply.decidedBy;
    const choose = (choice: OverlayChoice) => () => {
      this.hide();
      o.onChoice(choice);
    };
    const reasons = decision.reasons.length ? decision.reasons : verdict.explanations;
    const button = (label: string, choice: OverlayChoice, primary = false): TemplateResult =>
      html`<button class=${primary ? 'primary' : ''} @click=${choose(choice)}>${label}</button>`;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && decision.effect !== 'block') choose('dismiss')();
    };
    render(
      html`<style>${STYLES}</style>
        <div class="box ${decision.effect}" role="alertdialog" aria-modal="false" aria-labelledby="h" aria-describedby="d" @keydown=${onKey}>
          <h2 id="h">${HEADINGS[decision.effect] ?? 'Vigil'}: ${o.trigger === 'submit' ? 'your message was not sent' : `the ${o.trigger === 'file' ? 'file' : 'pasted text'} needs your attention`}</h2>
          <div id="d">
            <ul>${reasons.map((r) => html`<li>${r}</li>`)}</ul>
          </div>
          <div class="actions">
            ${button(o.trigger === 'file' ? 'Remove the file' : 'Remove it', 'remove', true)}
            ${o.canRedact ? button('Redact it', 'redact') : null}
            ${o.canSendAnyway ? button(o.trigger === 'submit' ? 'Send anyway' : 'Keep it', 'send') : null}
            ${decision.effect !== 'block' ? null : button('Close', 'dismiss')}
          </div>
          <div class="by">${o.reply.decidedBy === 'host' ? `Decided by your Vigil policy${decision.policyIds.length ? ` (${decision.policyIds.join(', ')})` : ''}.` : 'Checked on this device: the Vigil host is unreachable, protection is degraded.'}</div>
        </div>`,
      root,
    );
    document.documentElement.append(host);
    this.host = host;
    this.root = root;
    root.querySelector<HTMLButtonElement>('button')?.focus({ preventScroll: true });
  }

  hide(): void {
    if (this.root) render(null, this.root);
    this.host?.remove();
    this.host = null;
    this.root = null;
  }

  get visible(): boolean {
    return this.host !== null;
  }
}
