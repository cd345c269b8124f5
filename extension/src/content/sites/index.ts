import { matchesHost, type SiteAdapter } from './adapter.ts';
import { chatgpt } from './chatgpt.ts';
import { claude } from './claude.ts';
import { copilot } from './copilot.ts';
import { deepseek } from './deepseek.ts';
import { gemini } from './gemini.ts';
import { generic } from './generic.ts';
import { grok } from './grok.ts';
import { lechat } from './lechat.ts';
import { perplexity } from './perplexity.ts';
import { poe } from './poe.ts';

/** The built-in sites, one adapter per file. */
export const SITE_ADAPTERS: readonly SiteAdapter[] = [chatgpt, claude, gemini, copilot, perplexity, lechat, deepseek, poe, grok];
export const ALL_ADAPTERS: readonly SiteAdapter[] = [...SITE_ADAPTERS, generic];

export const adapterById = (id: string): SiteAdapter | undefined => ALL_ADAPTERS.find((a) => a.id === id);
export const adapterForHost = (hostname: string): SiteAdapter | undefined => SITE_ADAPTERS.find((a) => matchesHost(a, hostname));

/** Match patterns for chrome.scripting: every built-in site, https only. */
export const SITE_MATCHES: readonly string[] = SITE_ADAPTERS.flatMap((a) => a.hosts.map((h) => `https://${h.replace(/^\./, '*.')}/*`));
export type { SiteAdapter };
