/**
 * The AI-provider hosts the proxy decrypts. Everything else goes through a blind tunnel. A `*.`
 * entry matches exactly one or more leading labels (`*.openai.azure.com` matches
 * `res.openai.azure.com`); a `*` inside a label (`bedrock-runtime.*.amazonaws.com`) matches one label.
 */
export const DEFAULT_INTERCEPTED_HOSTS: readonly string[] = [
  'api.openai.com',
  'chatgpt.com',
  'api.anthropic.com',
  'claude.ai',
  'generativelanguage.googleapis.com',
  'gemini.google.com',
  '*.openai.azure.com',
  'openrouter.ai',
  'api.mistral.ai',
  'api.groq.com',
  'api.deepseek.com',
  'api.x.ai',
  'api.perplexity.ai',
  'api.cohere.com',
  'bedrock-runtime.*.amazonaws.com',
];

export type HostMatcher = (host: string) => boolean;

export function hostMatcher(patterns: readonly string[]): HostMatcher {
  const exact = new Set<string>();
  const wild: RegExp[] = [];
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (!lower.includes('*')) {
      exact.add(lower);
      continue;
    }
    const parts = lower.split('.').map((label) => (label === '*' ? '[a-z0-9-]+' : label.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9-]*')));
    wild.push(new RegExp(`^${parts.join('\\.')}$`));
  }
  return (host) => {
    const h = host.toLowerCase().replace(/\.$/, '');
    return exact.has(h) || wild.some((re) => re.test(h));
  };
}

/**
 * The DNS names the CA's name constraints permit. X.509 dNSName constraints are suffix matches, so a
 * pattern with a wildcard label is widened to the part after its last wildcard label
 * (`bedrock-runtime.*.amazonaws.com` → `amazonaws.com`); the leaf minting still only happens for
 * hosts the matcher accepts.
 */
export function constraintNames(patterns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    const labels = p.toLowerCase().split('.');
    const last = labels.map((l) => l.includes('*')).lastIndexOf(true);
    out.add(labels.slice(last + 1).join('.'));
  }
  return [...out].filter((n) => n.includes('.')).sort();
}
