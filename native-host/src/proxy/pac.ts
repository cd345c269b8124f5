/**
 * The PAC script the extension installs with chrome.proxy: only intercepted hosts go to the proxy,
 * everything else is DIRECT, so Vigil never sits in the path of unrelated browsing.
 */
export function pacScript(port: number, patterns: readonly string[]): string {
  const exact = patterns.filter((p) => !p.includes('*')).map((p) => p.toLowerCase());
  const wild = patterns.filter((p) => p.includes('*')).map((p) => p.toLowerCase());
  return `function FindProxyForURL(url, host) {
  host = host.toLowerCase();
  var exact = ${JSON.stringify(exact)};
  var wild = ${JSON.stringify(wild)};
  if (url.substring(0, 6) === "https:" || url.substring(0, 4) === "wss:") {
    for (var i = 0; i < exact.length; i++) if (host === exact[i]) return "PROXY 127.0.0.1:${port}";
    for (var j = 0; j < wild.length; j++) if (shExpMatch(host, wild[j])) return "PROXY 127.0.0.1:${port}";
  }
  return "DIRECT";
}
`;
}
