import type { Attachment } from '@vigil/shared';
import { CaptureReply, type CaptureRequest } from '../common/capture-messages.ts';
import { composerOf, findComposer, findSend, isSendControl, readText, writeText } from './composer.ts';
import { Overlay, type OverlayChoice } from './overlay.ts';
import { redactSpans } from './redact.ts';
import type { SiteAdapter } from './sites/adapter.ts';

/** Text files up to this size are read so their content can be checked; larger ones by name and size only. */
const MAX_FILE_TEXT = 1024 * 1024;
/** A submit waits this long for a decision before the user is asked what to do. */
const SUBMIT_TIMEOUT_MS = 5000;

type Ask = (request: CaptureRequest) => Promise<CaptureReply>;

/**
 * Watches one page for what the user puts into an AI chat: paste, drop, file selection and submit
 * (Enter or the send control). Listeners sit on the window in the capture phase, so they run before
 * the site's own and keep working when a single-page app swaps its DOM. Only trusted events count:
 * events a page script dispatches (isTrusted false) are ignored, so a page cannot feed Vigil text.
 */
export class Capture {
  private readonly overlay = new Overlay();
  /** Pasted texts the user chose to keep after a warning; a later warn on send for them is not repeated. */
  private readonly acknowledged = new Set<string>();
  /** Set while Vigil replays a submit it held, so its own click passes through. */
  private replaying = false;
  private enabled = true;
  private composer: HTMLElement | null = null;
  private observer: MutationObserver | null = null;
  private lastUrl = location.href;

  constructor(
    private readonly adapter: SiteAdapter,
    /** Recorded as the interaction's site: the adapter id, or the host of a user-added site. */
    private readonly site: string,
    private readonly ask: Ask,
  ) {}

  start(): void {
    const opts = { capture: true } as const;
    window.addEventListener('paste', (e) => this.onPaste(e), opts);
    window.addEventListener('drop', (e) => this.onDrop(e), opts);
    window.addEventListener('change', (e) => this.onChange(e), opts);
    window.addEventListener('keydown', (e) => this.onKeyDown(e), opts);
    window.addEventListener('click', (e) => this.onClick(e), opts);
    window.addEventListener('submit', (e) => this.onFormSubmit(e), opts);
    this.watch();
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.overlay.hide();
  }

  /** The composer currently on the page; kept fresh by a MutationObserver as the SPA re-renders. */
  get currentComposer(): HTMLElement | null {
    return this.composer?.isConnected ? this.composer : (this.composer = findComposer(this.adapter));
  }

  private watch(): void {
    let queued = false;
    const refresh = () => {
      queued = false;
      if (location.href !== this.lastUrl) {
        // SPA navigation: a warning about the previous conversation no longer applies.
        this.lastUrl = location.href;
        this.overlay.hide();
        this.acknowledged.clear();
      }
      if (!this.composer?.isConnected) this.composer = findComposer(this.adapter);
    };
    this.observer = new MutationObserver(() => {
      if (!queued) {
        queued = true;
        requestAnimationFrame(refresh);
      }
    });
    const root = document.documentElement ?? document;
    this.observer.observe(root, { childList: true, subtree: true });
  }

  private active(e: Event): boolean {
    return this.enabled && e.isTrusted;
  }

  private request(kind: CaptureRequest['kind'], text: string, attachments: Attachment[] = []): CaptureRequest {
    return { type: 'capture', kind, site: this.site, url: location.href, text, attachments };
  }

  private onPaste(e: ClipboardEvent): void {
    if (!this.active(e)) return;
    const composer = composerOf(this.adapter, e.target);
    if (!composer) return;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    const files = [...(e.clipboardData?.files ?? [])];
    if (!text && !files.length) return;
    void this.checkInserted('paste', e.timeStamp, composer, text, files);
  }

  private onDrop(e: DragEvent): void {
    if (!this.active(e)) return;
    const composer = composerOf(this.adapter, e.target) ?? this.currentComposer;
    const text = e.dataTransfer?.getData('text/plain') ?? '';
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!composer || (!text && !files.length)) return;
    void this.checkInserted('drop', e.timeStamp, composer, text, files);
  }

  /** Text (and files) that arrived in the composer: let it land, check it, then offer to undo. */
  private async checkInserted(kind: 'paste' | 'drop', at: number, composer: HTMLElement, text: string, files: File[]): Promise<void> {
    const reply = await this.ask(this.request(kind, text, await Promise.all(files.map(describeFile))));
    if (reply.decision.effect === 'allow' || !this.enabled) return;
    const redactedText = redactedVersion(text, reply);
    this.overlay.show({
      reply,
      trigger: kind,
      latencyMs: performance.now() - at,
      canRedact: redactedText !== null,
      canSendAnyway: reply.decision.effect === 'warn',
      onChoice: (choice) => this.resolveInserted(choice, composer, text, redactedText),
    });
  }

  private resolveInserted(choice: OverlayChoice, composer: HTMLElement, text: string, redactedText: string | null): void {
    const current = readText(composer);
    if (choice === 'remove') writeText(composer, current.includes(text) ? current.replace(text, '') : '');
    else if (choice === 'redact' && redactedText !== null) writeText(composer, current.includes(text) ? current.replace(text, redactedText) : redactedText);
    else if (choice === 'send') this.acknowledged.add(text);
  }

  private onChange(e: Event): void {
    if (!this.active(e) || this.replaying) return;
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.files?.length) return;
    if (this.adapter.fileInputs && !this.adapter.fileInputs.some((s) => input.matches(s))) return;
    // Hold the change until the file is checked: most sites upload as soon as they see it.
    e.stopImmediatePropagation();
    const at = e.timeStamp;
    void (async () => {
      const reply = await this.ask(this.request('file', '', await Promise.all([...input.files!].map(describeFile))));
      const release = () => this.replay(() => input.dispatchEvent(new Event('change', { bubbles: true })));
      if (reply.decision.effect === 'allow' || !this.enabled) return release();
      this.overlay.show({
        reply,
        trigger: 'file',
        latencyMs: performance.now() - at,
        canRedact: false,
        canSendAnyway: reply.decision.effect === 'warn',
        onChoice: (choice) => {
          if (choice === 'send') release();
          else input.value = '';
        },
      });
    })();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!this.active(e) || this.replaying) return;
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.altKey) return;
    const composer = composerOf(this.adapter, e.target);
    if (!composer) return;
    this.holdSubmit(e, composer, () => {
      const send = findSend(this.adapter, composer);
      if (send) send.click();
      else composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
    });
  }

  private onClick(e: MouseEvent): void {
    if (!this.active(e) || this.replaying) return;
    const send = isSendControl(this.adapter, e.target);
    if (!send) return;
    const composer = this.currentComposer;
    if (!composer) return;
    this.holdSubmit(e, composer, () => send.click());
  }

  private onFormSubmit(e: SubmitEvent): void {
    if (!this.active(e) || this.replaying) return;
    const form = e.target;
    const composer = this.currentComposer;
    if (!(form instanceof HTMLFormElement) || !composer || !form.contains(composer)) return;
    this.holdSubmit(e, composer, () => form.requestSubmit());
  }

  /**
   * Stops a send, asks for a decision on the composer's whole text, and sends it again only when the
   * policy allows (or warns and the user says "send anyway"). A blocked prompt is never sent.
   */
  private holdSubmit(e: Event, composer: HTMLElement, send: () => void): void {
    const text = readText(composer);
    if (!text.trim()) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const at = e.timeStamp;
    void (async () => {
      let reply: CaptureReply;
      try {
        reply = await withTimeout(this.ask(this.request('submit', text)), SUBMIT_TIMEOUT_MS);
      } catch (err) {
        reply = undecided((err as Error).message);
      }
      const { effect } = reply.decision;
      const known = effect === 'warn' && [...this.acknowledged].some((t) => text.includes(t));
      if (effect === 'allow' || known || !this.enabled) return this.replay(send);
      const redactedText = redactedVersion(text, reply);
      this.overlay.show({
        reply,
        trigger: 'submit',
        latencyMs: performance.now() - at,
        canRedact: redactedText !== null,
        canSendAnyway: effect === 'warn',
        onChoice: (choice) => {
          if (choice === 'send') this.replay(send);
          else if (choice === 'remove') writeText(composer, '');
          else if (choice === 'redact' && redactedText !== null) writeText(composer, redactedText);
        },
      });
    })();
  }

  private replay(action: () => void): void {
    this.replaying = true;
    try {
      action();
    } finally {
      this.replaying = false;
    }
  }
}

/** The redacted form of `text`: the host's when it sent one, else the finding spans masked here. */
function redactedVersion(text: string, reply: CaptureReply): string | null {
  const fromHost = reply.redacted?.find((r) => r.messageIndex === 0)?.text;
  if (fromHost !== undefined) return fromHost;
  const spans = reply.verdict.findings.flatMap((f) => (f.span ? [{ ...f.span, type: f.type }] : []));
  return spans.length && text ? redactSpans(text, spans) : null;
}

async function describeFile(file: File): Promise<Attachment> {
  const textual = file.type.startsWith('text/') || /\.(txt|md|csv|json|ya?ml|env|ini|conf|log|py|js|ts|java|go|rs|rb|sh|sql|xml|html?)$/i.test(file.name);
  const text = textual && file.size <= MAX_FILE_TEXT ? await file.text() : undefined;
  return { name: file.name.slice(0, 512), ...(file.type ? { mime: file.type } : {}), size: file.size, ...(text !== undefined ? { text } : {}) };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no decision within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (err: unknown) => (clearTimeout(timer), reject(err instanceof Error ? err : new Error(String(err)))),
    );
  });
}

/** When no decision arrives, the user decides: a warning that offers to send anyway. */
function undecided(why: string): CaptureReply {
  return {
    eventId: '',
    decidedBy: 'device',
    decision: { effect: 'warn', policyIds: [], reasons: [`Vigil could not check this message (${why}).`] },
    verdict: { risk: 0, findings: [], scores: {}, explanations: [] },
  };
}

export { CaptureReply };
