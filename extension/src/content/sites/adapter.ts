/**
 * How to find the parts of one AI chat site's UI. Selectors are listed most specific first; the
 * later ones are fallbacks for when the site renames its classes or test ids (selector churn).
 */
export interface SiteAdapter {
  /** Stable id, recorded as the interaction's provider and shown in the dashboard. */
  readonly id: string;
  readonly name: string;
  /** Hostnames the adapter applies to (exact, or any subdomain of an entry starting with "."). */
  readonly hosts: readonly string[];
  /** The prompt editor: textarea, ProseMirror / Lexical contenteditable, Quill `.ql-editor`. */
  readonly composer: readonly string[];
  /** The send control. */
  readonly send: readonly string[];
  /** File inputs the site uses for attachments; default: any `input[type=file]`. */
  readonly fileInputs?: readonly string[];
}

/** Fallbacks every adapter ends with: any visible editable text box. */
export const GENERIC_COMPOSER = ['textarea', '[contenteditable="true"]', '[contenteditable=""]', '[contenteditable="plaintext-only"]', '[role="textbox"]'];
export const GENERIC_SEND = ['button[type="submit"]', 'button[aria-label*="send" i]', 'button[data-testid*="send" i]'];

export function matchesHost(adapter: SiteAdapter, hostname: string): boolean {
  const h = hostname.toLowerCase();
  return adapter.hosts.some((entry) => (entry.startsWith('.') ? h.endsWith(entry) || h === entry.slice(1) : h === entry));
}
