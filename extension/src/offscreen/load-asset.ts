/**
 * The extension's only fetch: reads a file packaged inside the extension. Refuses every URL that is
 * not under this extension's own origin, so it can never become a network call (the lint rule that
 * bans network APIs in the extension allows this one file).
 */
export async function loadAsset(url: string): Promise<ArrayBuffer> {
  const base = chrome.runtime.getURL('');
  const resolved = new URL(url, base).href;
  if (!resolved.startsWith(base)) throw new Error(`refusing to load ${resolved}: only packaged extension files may be loaded`);
  const response = await fetch(resolved);
  if (!response.ok) throw new Error(`packaged file ${resolved} could not be read (${response.status})`);
  return response.arrayBuffer();
}
