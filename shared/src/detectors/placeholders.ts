/**
 * Values that look like credentials but are documentation: vendor example keys, template
 * markers, masked or repeated characters. Reporting them would train users to ignore findings.
 */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
]);

const MARKERS = /(?:example|sample|placeholder|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|changeme|dummy|redacted|insert|replace|xxxx|\*\*\*|\.\.\.|<[^>]*>|\$\{|\{\{[^}]*\}\}|%\([^)]*\)s|\$[A-Z_]{3,})/i;

export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(value)) return true;
  if (MARKERS.test(value)) return true;
  // Long runs of one character ("aaaaaaaa", "00000000") are masks, not secrets.
  if (/(.)\1{7,}/.test(value)) return true;
  const distinct = new Set(value).size;
  return value.length >= 8 && distinct <= 3;
}
