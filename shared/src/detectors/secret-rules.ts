/**
 * Provider-specific credential patterns. Written for Vigil from the public key formats each vendor
 * documents (gitleaks.toml was reference material only). `group` names the capture that is the
 * secret itself, so the span covers the key and not the surrounding assignment.
 */
export interface SecretRule {
  rule: string;
  type: string;
  re: RegExp;
  group?: number;
  /** Minimum Shannon entropy of the captured value; filters readable words that fit the shape. */
  minEntropy?: number;
}

const B = '(?<![A-Za-z0-9_/+-])';
const E = '(?![A-Za-z0-9_/+=-])';
const r = (src: string, flags = 'g') => new RegExp(src, flags);

export const SECRET_RULES: SecretRule[] = [
  { rule: 'pem-private-key', type: 'private_key', re: r('-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|$)') },
  { rule: 'pem-private-key-b64', type: 'private_key', re: r(`${B}(LS0tLS1CRUdJTi[A-Za-z0-9+/=]{40,})`), group: 1 },
  { rule: 'openai-key', type: 'openai_api_key', re: r(`${B}(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{48})${E}`), group: 1 },
  { rule: 'anthropic-key', type: 'anthropic_api_key', re: r(`${B}(sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,}(?:AA)?)${E}`), group: 1 },
  { rule: 'aws-access-key-id', type: 'aws_access_key_id', re: r(`${B}((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16})${E}`), group: 1 },
  { rule: 'aws-secret-access-key', type: 'aws_secret_access_key', re: r(`(?:aws|amazon)?_?secret_?(?:access)?_?key(?:_id)?["']?\\s*[:=]\\s*["']?([A-Za-z0-9/+]{40})${E}`, 'gi'), group: 1, minEntropy: 3.5 },
  { rule: 'aws-bedrock-key', type: 'aws_bedrock_api_key', re: r(`${B}(ABSK[A-Za-z0-9+/]{100,}={0,2})${E}`), group: 1 },
  { rule: 'gcp-api-key', type: 'gcp_api_key', re: r(`${B}(AIza[0-9A-Za-z_-]{35})${E}`), group: 1 },
  { rule: 'gcp-service-account', type: 'gcp_service_account', re: r('"private_key_id"\\s*:\\s*"([a-f0-9]{40})"'), group: 1 },
  { rule: 'google-oauth-secret', type: 'google_oauth_secret', re: r(`${B}(GOCSPX-[A-Za-z0-9_-]{28})${E}`), group: 1 },
  { rule: 'google-oauth-token', type: 'google_oauth_token', re: r(`${B}(ya29\\.[0-9A-Za-z_-]{30,})`), group: 1 },
  { rule: 'azure-storage-key', type: 'azure_storage_key', re: r('AccountKey=([A-Za-z0-9+/]{86}==)'), group: 1 },
  { rule: 'azure-client-secret', type: 'azure_client_secret', re: r(`${B}([a-zA-Z0-9_~.]{3}\\dQ~[a-zA-Z0-9_~.-]{31,34})${E}`), group: 1 },
  { rule: 'azure-sas', type: 'azure_sas_token', re: r('[?&]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})'), group: 1 },
  { rule: 'github-token', type: 'github_token', re: r(`${B}((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})${E}`), group: 1 },
  { rule: 'gitlab-token', type: 'gitlab_token', re: r(`${B}((?:glpat|gldt|glft|glsoat|glrt|glcbt|glptt|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,})${E}`), group: 1 },
  { rule: 'slack-token', type: 'slack_token', re: r(`${B}(xox[abposr]-(?:\\d+-)?[A-Za-z0-9-]{10,})${E}`), group: 1 },
  { rule: 'slack-webhook', type: 'slack_webhook', re: r('(https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,})'), group: 1 },
  { rule: 'stripe-key', type: 'stripe_key', re: r(`${B}((?:sk|rk|pk|whsec)_(?:live|test)_[A-Za-z0-9]{20,})${E}`), group: 1 },
  { rule: 'twilio-key', type: 'twilio_key', re: r(`${B}(SK[0-9a-fA-F]{32}|AC[0-9a-f]{32})${E}`), group: 1 },
  { rule: 'npm-token', type: 'npm_token', re: r(`${B}(npm_[A-Za-z0-9]{36})${E}`), group: 1 },
  { rule: 'pypi-token', type: 'pypi_token', re: r(`${B}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})`), group: 1 },
  { rule: 'huggingface-token', type: 'huggingface_token', re: r(`${B}((?:hf_|api_org_)[A-Za-z0-9]{34})${E}`), group: 1 },
  { rule: 'groq-key', type: 'groq_api_key', re: r(`${B}(gsk_[A-Za-z0-9]{52})${E}`), group: 1 },
  { rule: 'deepseek-or-generic-sk', type: 'api_key', re: r(`${B}(sk-[a-f0-9]{32})${E}`), group: 1 },
  { rule: 'onepassword-token', type: '1password_token', re: r(`${B}(ops_eyJ[A-Za-z0-9+/_-]{100,}={0,2})`), group: 1 },
  { rule: 'atlassian-token', type: 'atlassian_token', re: r(`${B}(ATATT3[A-Za-z0-9_=-]{180,}|ATCTT3[A-Za-z0-9_=-]{180,})`), group: 1 },
  { rule: 'digitalocean-token', type: 'digitalocean_token', re: r(`${B}(do[opr]_v1_[a-f0-9]{64})${E}`), group: 1 },
  { rule: 'docker-pat', type: 'docker_token', re: r(`${B}(dckr_pat_[A-Za-z0-9_-]{27,})${E}`), group: 1 },
  { rule: 'shopify-token', type: 'shopify_token', re: r(`${B}(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})${E}`), group: 1 },
  { rule: 'sendgrid-token', type: 'sendgrid_token', re: r(`${B}(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${E}`), group: 1 },
  { rule: 'mailgun-key', type: 'mailgun_key', re: r(`${B}(key-[a-f0-9]{32})${E}`), group: 1 },
  { rule: 'figma-pat', type: 'figma_token', re: r(`${B}(figd_[A-Za-z0-9_-]{40,})${E}`), group: 1 },
  { rule: 'grafana-token', type: 'grafana_token', re: r(`${B}(glsa_[A-Za-z0-9]{32}_[a-fA-F0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}|eyJrIjoi[A-Za-z0-9+/]{50,}={0,2})`), group: 1 },
  { rule: 'newrelic-key', type: 'newrelic_key', re: r(`${B}(NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32}|NRJS-[a-f0-9]{19})${E}`), group: 1 },
  { rule: 'postman-key', type: 'postman_key', re: r(`${B}(PMAK-[a-f0-9]{24}-[a-f0-9]{34})${E}`), group: 1 },
  { rule: 'prefixed-token', type: 'api_key', re: r(`${B}((?:phc|phx|sbp|sbp_v0|pscale_tkn|pscale_pw|pscale_oauth|sqp|squ|sqa|hrku|HRKU|dapi|lin_api|pat|xoxe|sl\\.|tgp_v1|LLM)[_.-][A-Za-z0-9_-]{30,})${E}`), group: 1, minEntropy: 3.5 },
  { rule: 'jwt', type: 'jwt', re: r(`${B}(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{10,})`), group: 1 },
  { rule: 'url-credentials', type: 'password', re: r('[a-z][a-z0-9+.-]{1,20}://[^\\s:/@"\'<>]{1,64}:([^\\s:/@"\'<>]{3,128})@[A-Za-z0-9.-]+', 'gi'), group: 1 },
  { rule: 'bearer-token', type: 'bearer_token', re: r(`(?:Authorization:\\s*)?(?:Bearer|Basic|Token)\\s+([A-Za-z0-9_\\-.~+/]{16,}={0,2})${E}`, 'g'), group: 1, minEntropy: 3.3 },
];
