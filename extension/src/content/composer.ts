import type { SiteAdapter } from './sites/adapter.ts';

/** The composer `target` belongs to, trying the adapter's selectors in order. */
export function composerOf(adapter: SiteAdapter, target: EventTarget | null): HTMLElement | null {
  if (!(target instanceof Element)) return null;
  for (const selector of adapter.composer) {
    const el = target.closest<HTMLElement>(selector);
    if (el) return el;
  }
  return null;
}

const visible = (el: HTMLElement) => el.isConnected && (el.offsetParent !== null || el.getClientRects().length > 0);

/** The page's composer: the first visible element matching the adapter's selectors, in order. */
export function findComposer(adapter: SiteAdapter): HTMLElement | null {
  for (const selector of adapter.composer) {
    for (const el of document.querySelectorAll<HTMLElement>(selector)) if (visible(el)) return el;
  }
  return null;
}

/** The send control nearest the composer: inside its form (or closest container) first, then anywhere. */
export function findSend(adapter: SiteAdapter, composer: HTMLElement | null): HTMLElement | null {
  const scopes: ParentNode[] = [];
  for (let el = composer?.parentElement ?? null, depth = 0; el && depth < 6; el = el.parentElement, depth++) scopes.push(el);
  scopes.push(document);
  for (const scope of scopes) {
    for (const selector of adapter.send) {
      const el = scope.querySelector<HTMLElement>(selector);
      if (el && visible(el)) return el;
    }
  }
  return null;
}

export function isSendControl(adapter: SiteAdapter, target: EventTarget | null): HTMLElement | null {
  if (!(target instanceof Element)) return null;
  for (const selector of adapter.send) {
    const el = target.closest<HTMLElement>(selector);
    if (el) return el;
  }
  return null;
}

const isField = (el: HTMLElement): el is HTMLTextAreaElement | HTMLInputElement => el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement;

export function readText(el: HTMLElement): string {
  return isField(el) ? el.value : el.innerText.replace(/\n$/, '');
}

/**
 * Replaces the composer's whole text the way a user edit would, so the site's framework (React,
 * ProseMirror, Quill) sees it: the native value setter plus an input event for fields, and an
 * editing command on the selected contents for contenteditable editors.
 */
export function writeText(el: HTMLElement, text: string): void {
  el.focus();
  if (isField(el)) {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return;
  }
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(el);
  selection?.removeAllRanges();
  selection?.addRange(range);
  if (text === '') document.execCommand('delete');
  else document.execCommand('insertText', false, text);
}
