/**
 * Values that look like credentials but are documentation: vendor example keys, template
 * markers, masked or repeated characters. Reporting them would train users to ignore findings.
 */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
]);

// Words and template syntax that mark a value as a stand-in, wherever they occur in it ("example"
// and "sample" also in look-alike digits: "3xampl3", "5ampling")
// (printf slots "%s", "%0.f" but not URL escapes like "%2F"; interpolations "{name}").
const MARKERS = /(?:[e3]x[a@4]mp[l1][e3]|[s5$][a@4]mp[l1]|placeholder|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|change_?me|dummy|redacted|insert|xxxx|\*\*\*|\.\.\.|…|<[^>]*>|\$\{|\{\{[^}]*\}\}|%\([^)]*\)s|%-?\d*\.\d*[sdf]|%[sd](?![A-Za-z0-9])|\{[A-Za-z_][\w.]*\})/i;
// A whole value that is a reference or a format slot: $HOME, %APPDATA%, {pw}, %s.
const REFERENCE = /^(?:\$[A-Z_][A-Z0-9_]*|%[A-Z_][A-Z0-9_]*%|\{[\w.]*\}|%[sdr])$/;

export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(value)) return true;
  if (MARKERS.test(value) || REFERENCE.test(value)) return true;
  // Long runs of one character ("xxxxxxxx", "00000000") are masks, not secrets. 'A' is base64
  // for zero bytes and fills fixed headers of real tokens.
  if (/([^A])\1{7,}/.test(value)) return true;
  if (value.length < 8) return false;
  // Three or fewer distinct characters ("abababab", "0x0x0x0x"): a mask, whatever its length.
  let a = -1, b = -1, c = -1;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch === a || ch === b || ch === c) continue;
    if (a === -1) a = ch; else if (b === -1) b = ch; else if (c === -1) c = ch; else return false;
  }
  return true;
}
