import type { Answer, Flow, ProxyAddon } from '../flow.ts';

/**
 * The built-in block rule that stands in until the policy engine lands: requests carrying a private
 * key or an AWS secret never leave the machine. The client gets a 403 in its provider's own error
 * shape, so its SDK raises its usual error with Vigil's reason in the message.
 */
const RULES: { id: string; what: string; re: RegExp }[] = [
  { id: 'builtin.private-key', what: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'builtin.aws-secret', what: 'an AWS secret access key', re: /aws.{0,20}?(?:secret|private).{0,20}?['"=:\s]{1,5}[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i },
  { id: 'builtin.aws-access-key', what: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
];

export function findBlockedSecret(text: string): { id: string; what: string } | null {
  for (const r of RULES) if (r.re.test(text)) return { id: r.id, what: r.what };
  return null;
}

export const blockSecretsAddon: ProxyAddon = {
  name: 'block-secrets',
  request(flow: Flow): Answer | void {
    if (!flow.adapter || !flow.requestBody) return;
    const hit = findBlockedSecret(flow.requestBody.toString('utf8'));
    if (!hit) return;
    const reason = `Blocked by Vigil: the request contains ${hit.what} (rule ${hit.id}).`;
    return {
      status: 403,
      headers: { 'content-type': 'application/json', 'x-vigil-blocked': hit.id },
      body: flow.adapter.errorBody(403, reason),
      rule: hit.id,
      reason,
    };
  },
};
