import { atlassianPatValid, base64JwkIsPrivate, base64PemIsPlainKey, bech32Valid, decodeBase64, githubChecksumValid, jwtValid } from './secret-checks.ts';

/**
 * Provider credential formats, written for Vigil from the public formats each vendor documents
 * (gitleaks.toml and CredSweeper's rule list were reference material only).
 *
 * Most formats start with a fixed prefix: those rules list it in `prefixes`, and their `re` is
 * sticky, tried only at a token start whose first characters begin a prefix (secrets.ts); a
 * one-character prefix stands for a format recognised by its shape. Formats without a prefix name
 * an `anchor`, a literal the text must contain before their global `re` runs at all. `group`
 * names the capture that is the secret itself; `check` is a structural test it must pass
 * (decoded layout); values are otherwise dropped when they look made up (counting runs,
 * repeats, "EXAMPLE"), unless `proves` (a checksum) shows they are real.
 */
export interface SecretRule {
  rule: string;
  type: string;
  re: RegExp;
  prefixes?: string[];
  anchor?: string;
  group?: number;
  check?: (value: string) => boolean;
  /** A test that, when it passes, shows the value is real whatever it looks like (a checksum). */
  proves?: (value: string) => boolean;
  /** Skip the counting/repeat/placeholder filter (formats whose bodies are structured, not random). */
  structured?: boolean;
}

const END = '(?![A-Za-z0-9])';
// Open-ended repeats ("{20,}") get an upper bound: the input is untrusted text, and an unbounded
// repeat that must backtrack (a fixed part after it) is quadratic on a long run of token
// characters. Real tokens are far shorter than the bound; a few formats pass a larger one.
const bounded = (src: string, max: number) => src.replace(/\{(\d+),\}/g, (_, n: string) => `{${n},${max}}`);
const p = (rule: string, type: string, prefixes: string[], body: string, extra: Partial<SecretRule> = {}, max = 256): SecretRule =>
  ({ rule, type, prefixes, re: new RegExp(`(${bounded(body, max)})${END}`, 'y'), group: 1, ...extra });
const a = (rule: string, type: string, anchor: string | undefined, src: string, extra: Partial<SecretRule> = {}, max = 256): SecretRule =>
  ({ rule, type, ...(anchor === undefined ? {} : { anchor }), re: new RegExp(bounded(src, max), 'g'), group: 1, ...extra });

export const SECRET_RULES: SecretRule[] = [
  // AI providers
  p('openai-key', 'openai_api_key', ['sk-'], 'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{48}'),
  p('anthropic-key', 'anthropic_api_key', ['sk-ant-'], 'sk-ant-(?:api|admin|oat|ort)\\d{2}-[A-Za-z0-9_-]{80,}'),
  p('deepseek-key', 'api_key', ['sk-'], 'sk-[a-f0-9]{32}'),
  p('groq-key', 'groq_api_key', ['gsk_'], 'gsk_[A-Za-z0-9]{48,56}'),
  p('xai-key', 'xai_api_key', ['xai-'], 'xai-[A-Za-z0-9]{70,90}'),
  p('perplexity-key', 'perplexity_api_key', ['pplx-'], 'pplx-[A-Za-z0-9]{40,56}'),
  p('huggingface-token', 'huggingface_token', ['hf_', 'api_org_'], '(?:hf_|api_org_)[A-Za-z]{34}'),
  p('together-key', 'together_api_key', ['tgp_v1_'], 'tgp_v1_[A-Za-z0-9_-]{40,50}'),
  p('llama-key', 'llama_api_key', ['llx-'], 'llx-[A-Za-z0-9_-]{40,60}'),
  p('tavily-key', 'tavily_api_key', ['tvly-'], 'tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}'),
  // Cloud
  p('aws-access-key-id', 'aws_access_key_id', ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'APKA'], '(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}'),
  // AWS secret keys have no prefix: 40 base64 characters named as a secret access key.
  { rule: 'aws-secret-access-key', type: 'aws_secret_access_key', group: 1, re: /secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi },
  p('aws-bedrock-key', 'aws_bedrock_api_key', ['ABSK', 'bedrock-api-key-'], 'ABSK[A-Za-z0-9+/]{100,}={0,2}|bedrock-api-key-[A-Za-z0-9+/=_-]{30,}'),
  p('aws-mws-key', 'aws_mws_key', ['amzn.mws.'], 'amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
  p('aws-appsync-key', 'aws_appsync_key', ['da2-'], 'da2-[a-z0-9]{26}'),
  p('alibaba-access-key', 'alibaba_access_key_id', ['LTAI'], 'LTAI[A-Za-z0-9]{12,20}'),
  p('akamai-token', 'akamai_token', ['akab-'], 'akab-[a-z0-9]{16}-[a-z0-9]{16}'),
  p('gcp-api-key', 'gcp_api_key', ['AIza'], 'AIza[0-9A-Za-z_-]{35}'),
  p('google-oauth-secret', 'google_oauth_secret', ['GOCSPX-'], 'GOCSPX-[A-Za-z0-9_-]{28}'),
  p('google-oauth-token', 'google_oauth_token', ['ya29.'], 'ya29\\.[0-9A-Za-z_-]{30,}'),
  p('google-refresh-token', 'google_oauth_token', ['1//0'], '1//0[0-9A-Za-z_-]{40,}'),
  a('gcp-service-account', 'gcp_service_account', '"private_key_id"', '"private_key_id"\\s*:\\s*"([a-f0-9]{40})"'),
  a('azure-storage-key', 'azure_storage_key', 'AccountKey=', 'AccountKey=([A-Za-z0-9+/]{86}==)'),
  // Microsoft's identifiable keys carry a fixed signature ("JQQJ9") after 52 random characters.
  a('azure-identifiable-key', 'azure_key', 'JQQJ9', '(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{52}JQQJ9[0-9A-Za-z+/]{24,32}={0,2})'),
  a('azure-client-secret', 'azure_client_secret', 'Q~', '(?<![A-Za-z0-9_~.])([a-zA-Z0-9_~.]{3}\\dQ~[a-zA-Z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])'),
  a('azure-sas', 'azure_sas_token', 'sig=', '[?&]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})'),
  p('digitalocean-token', 'digitalocean_token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], 'do[opr]_v1_[a-f0-9]{64}'),
  p('heroku-key', 'heroku_api_key', ['HRKU-'], 'HRKU-[A-Za-z0-9_-]{60}|HRKU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
  p('cloudflare-token', 'cloudflare_api_token', ['cfat_', 'cfut_', 'cfk_'], 'cf(?:at|ut|k)_[A-Za-z0-9]{40,}'),
  p('vercel-token', 'vercel_token', ['vcp_', 'vck_', 'vci_', 'vca_', 'vcr_'], 'vc[pkiar]_[A-Za-z0-9]{40,70}'),
  p('netlify-token', 'netlify_token', ['nfp_'], 'nfp_[A-Za-z0-9]{36,40}'),
  p('hashicorp-vault-token', 'vault_token', ['hvs.', 'hvb.'], 'hv[sb]\\.[A-Za-z0-9_-]{24,}'),
  a('terraform-token', 'terraform_token', '.atlasv1.', '(?<![A-Za-z0-9])([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,})'),
  p('doppler-token', 'doppler_token', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'], 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}'),
  p('databricks-token', 'databricks_token', ['dapi'], 'dapi[a-f0-9]{32}(?:-\\d)?'),
  p('planetscale-token', 'planetscale_token', ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'], 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9=._-]{32,64}'),
  p('supabase-token', 'supabase_token', ['sbp_'], 'sbp_(?:v0_)?[a-f0-9]{40}'),
  p('defined-networking-key', 'api_key', ['dnkey-'], 'dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52}'),
  p('docker-pat', 'docker_token', ['dckr_pat_', 'dckr_oat_'], 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}'),
  p('docker-swarm-token', 'docker_swarm_token', ['SWMTKN-1-'], 'SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}'),
  p('docker-swarm-key', 'docker_swarm_key', ['SWMKEY-1-'], 'SWMKEY-1-[A-Za-z0-9+/]{43}'),
  p('age-secret-key', 'age_secret_key', ['AGE-SECRET-KEY-1'], 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', { check: bech32Valid, structured: true }),
  // NATS seeds: "S" + key type + base32.
  p('nkey-seed', 'nkey_seed', ['SU', 'SA', 'SO'], 'S[UAO][A-Z2-7]{56}'),
  // Code hosting and packages
  p('github-token', 'github_token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], 'gh[pousr]_[A-Za-z0-9]{36,255}', { proves: (v) => githubChecksumValid(v.slice(4)) }),
  p('github-app-token', 'github_token', ['ghs_'], 'ghs_[A-Za-z0-9_]{8,}eyJ[A-Za-z0-9_.-]{40,}'),
  p('github-fine-grained-pat', 'github_token', ['github_pat_'], 'github_pat_[A-Za-z0-9_]{60,255}'),
  p('gitlab-token', 'gitlab_token', ['glpat-', 'gldt-', 'glft-', 'glsoat-', 'glrt-', 'glrtr-', 'glcbt-', 'glptt-', 'glimt-', 'glagent-', 'gloas-', 'glffct-', 'glwt-', 'GR1348941'],
    '(?:glpat|gldt|glft|glsoat|glrt|glrtr|glcbt|glptt|glimt|glagent|gloas|glffct|glwt)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,}'),
  a('gitlab-session', 'gitlab_session', '_gitlab_session=', '_gitlab_session=([0-9a-z]{32})'),
  p('bitbucket-token', 'bitbucket_token', ['BBDC-', 'ATBB', 'ATCTT3'], 'BBDC-[A-Za-z0-9+/@_-]{40,}|ATBB[A-Za-z0-9]{32}|ATCTT3[A-Za-z0-9_=-]{180,}'),
  p('atlassian-token', 'atlassian_token', ['ATATT3'], 'ATATT3[A-Za-z0-9_=-]{150,}(?:(?:\\\\=|%3[Dd]|=)[A-F0-9]{8})?'),
  // JFrog API keys are base58 (no 0, O, I, l); reference tokens are base64 of "reftkn:01:".
  p('jfrog-token', 'jfrog_token', ['AKCp', 'cmVmdGtuOjAxOj'], 'AKCp[1-9A-HJ-NP-Za-km-z]{69}|cmVmdGtuOjAxOj[A-Za-z0-9]{40,}'),
  p('npm-token', 'npm_token', ['npm_'], 'npm_[A-Za-z0-9]{36}'),
  p('pypi-token', 'pypi_token', ['pypi-AgEIcHlwaS5vcmc'], 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}'),
  p('rubygems-key', 'rubygems_api_key', ['rubygems_'], 'rubygems_[a-f0-9]{48}'),
  p('nuget-key', 'nuget_api_key', ['oy2'], 'oy2[a-z0-9]{43}'),
  p('clojars-token', 'clojars_token', ['CLOJARS_'], 'CLOJARS_[a-z0-9]{60}'),
  p('sonarqube-token', 'sonarqube_token', ['sqp_', 'squ_', 'sqa_'], 'sq[pua]_[a-f0-9]{40}'),
  p('postman-key', 'postman_key', ['PMAK-', 'PMAT-'], 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}|PMAT-[A-Z0-9]{26}'),
  p('linear-key', 'linear_api_key', ['lin_api_'], 'lin_api_[A-Za-z0-9]{40}'),
  p('notion-token', 'notion_token', ['ntn_'], 'ntn_[A-Za-z0-9]{46}'),
  p('figma-pat', 'figma_token', ['figd_'], 'figd_[A-Za-z0-9_-]{40,}'),
  p('sentry-token', 'sentry_token', ['sntrys_', 'sntryu_'], 'sntrys_eyJ[A-Za-z0-9+/=_-]{50,}|sntryu_[a-f0-9]{64}'),
  p('onepassword-token', '1password_token', ['ops_eyJ'], 'ops_eyJ[A-Za-z0-9+/_-]{100,}={0,2}', {}, 2048),
  p('grafana-token', 'grafana_token', ['glsa_', 'glc_', 'eyJrIjoi'], 'glsa_[A-Za-z0-9]{32}_[a-fA-F0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}|eyJrIjoi[A-Za-z0-9+/]{50,}={0,2}', {}, 1024),
  p('newrelic-key', 'newrelic_key', ['NRAK-', 'NRII-', 'NRJS-', 'NRBR-'], 'NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{20,32}|NRJS-[a-f0-9]{19}|NRBR-[a-f0-9]{19}'),
  // New Relic license keys: 36 hex-ish characters (optionally a region prefix) ending in "NRAL".
  a('newrelic-license-key', 'newrelic_key', 'NRAL', '(?<![A-Za-z0-9])((?:[a-z]{2}\\d{2}x)?[a-f0-9]{31,36}NRAL)(?![A-Za-z0-9])'),
  p('posthog-key', 'posthog_key', ['phc_', 'phx_', 'phs_', 'phr_', 'pha_'], 'ph[cxsra]_[A-Za-z0-9]{40,}'),
  p('wundergraph-key', 'api_key', ['cosmo_'], 'cosmo_[a-f0-9]{32}'),
  p('dynatrace-token', 'dynatrace_token', ['dt0c01.'], 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  p('brevo-key', 'brevo_api_key', ['xkeysib-', 'xsmtpsib-'], 'x(?:key|smtp)sib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  p('onepassword-secret-key', '1password_secret_key', ['A3-'], 'A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}'),
  p('adobe-client-secret', 'adobe_client_secret', ['p8e-'], 'p8e-[A-Za-z0-9]{32}'),
  p('airtable-pat', 'airtable_token', ['pat'], 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  p('clickhouse-secret', 'clickhouse_key', ['4b1d'], '4b1d[A-Za-z0-9]{38}'),
  p('duffel-token', 'duffel_token', ['duffel_test_', 'duffel_live_'], 'duffel_(?:test|live)_[A-Za-z0-9_=-]{43}'),
  p('easypost-token', 'easypost_token', ['EZAK', 'EZTK'], 'EZ[AT]K[A-Za-z0-9]{54}'),
  p('flutterwave-key', 'flutterwave_key', ['FLWSECK_TEST-', 'FLWSECK-'], 'FLWSECK(?:_TEST)?-[a-hA-H0-9]{32}-X|FLWSECK(?:_TEST)?-[a-hA-H0-9]{12}'),
  p('flyio-token', 'flyio_token', ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'], 'fo1_[\\w-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3}'),
  p('frameio-token', 'frameio_token', ['fio-u-'], 'fio-u-[A-Za-z0-9_=-]{64}'),
  p('harness-key', 'harness_key', ['pat.', 'sat.'], '(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}'),
  p('infracost-token', 'infracost_token', ['ico-'], 'ico-[A-Za-z0-9]{32}'),
  p('intra42-secret', 'intra42_secret', ['s-s4t2ud-', 's-s4t2af-'], 's-s4t2(?:ud|af)-[a-f0-9]{64}'),
  a('maxmind-license-key', 'maxmind_key', '_mmk', '(?<![A-Za-z0-9])([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)(?![A-Za-z0-9])'),
  a('teams-webhook', 'teams_webhook', 'webhook.office.com', '(https://[a-z0-9]+\\.webhook\\.office\\.com/webhookb2/[a-z0-9-]{36}@[a-z0-9-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9-]{36})'),
  p('openshift-token', 'openshift_token', ['sha256~'], 'sha256~[\\w-]{43}'),
  p('prefect-token', 'prefect_token', ['pnu_'], 'pnu_[A-Za-z0-9]{36}'),
  p('pulumi-token', 'pulumi_token', ['pul-'], 'pul-[a-f0-9]{40}'),
  p('readme-token', 'readme_token', ['rdme_'], 'rdme_[a-z0-9]{70}'),
  p('scalingo-token', 'scalingo_token', ['tk-us-'], 'tk-us-[\\w-]{48}'),
  p('settlemint-token', 'settlemint_token', ['sm_aat_', 'sm_pat_', 'sm_sat_'], 'sm_[aps]at_[A-Za-z0-9]{16}'),
  p('shippo-token', 'shippo_token', ['shippo_live_', 'shippo_test_'], 'shippo_(?:live|test)_[a-fA-F0-9]{40}'),
  p('sourcegraph-token', 'sourcegraph_token', ['sgp_'], 'sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}'),
  p('slack-config-token', 'slack_token', ['xoxe.xoxb-', 'xoxe.xoxp-'], 'xoxe\\.xox[bp]-\\d-[A-Za-z0-9]{163,166}'),
  p('cloudflare-origin-ca-key', 'cloudflare_key', ['v1.0-'], 'v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}'),
  p('octopus-deploy-key', 'octopus_key', ['API-'], 'API-[A-Z0-9]{26}'),
  p('authress-key', 'authress_key', ['sc_', 'ext_', 'scauth_', 'authress_'], '(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_-][a-z0-9-]{10,32}\\.[a-z0-9+/_=-]{30,120}'),
  // Messaging and payments
  p('slack-token', 'slack_token', ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-', 'xapp-'], 'xox[abposre]-(?:\\d+-)?[A-Za-z0-9-]{10,}|xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]{32,}'),
  a('slack-webhook', 'slack_webhook', 'hooks.slack.com', '(https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,})'),
  a('discord-webhook', 'discord_webhook', '/api/webhooks/', '((?:https://)?(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d+/[A-Za-z0-9_-]{60,})'),
  // Discord bot tokens: base64 of the numeric bot id, a timestamp and an HMAC.
  p('discord-bot-token', 'discord_token', ['M', 'N', 'O'], '[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}'),
  a('telegram-bot-token', 'telegram_token', ':AA', '(?<![A-Za-z0-9])(\\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])'),
  p('stripe-key', 'stripe_key', ['sk_live_', 'sk_test_', 'sk_prod_', 'rk_live_', 'rk_test_', 'rk_prod_', 'pk_live_', 'pk_test_', 'whsec_'], '(?:sk|rk|pk)_(?:live|test|prod)_[A-Za-z0-9]{20,}|whsec_[A-Za-z0-9+/]{32,}'),
  p('square-token', 'square_token', ['sq0atp-', 'sq0csp-', 'EAAA'], 'sq0atp-[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60}'),
  p('paypal-braintree-token', 'braintree_token', ['access_token$production$'], 'access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}'),
  p('twilio-key', 'twilio_key', ['SK', 'AC'], 'SK[0-9a-fA-F]{32}|AC[0-9a-fA-F]{32}'),
  p('sendgrid-token', 'sendgrid_token', ['SG.'], 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  p('mailgun-key', 'mailgun_key', ['key-'], 'key-[a-f0-9]{32}'),
  p('mailgun-private-key', 'mailgun_key', [...'0123456789abcdef'], '[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}'),
  a('mailchimp-key', 'mailchimp_key', '-us', '(?<![A-Za-z0-9])([A-Za-z0-9]{32}-us\\d{1,2})(?![A-Za-z0-9])'),
  p('shopify-token', 'shopify_token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
  a('facebook-app-token', 'facebook_token', '|', '(?<![A-Za-z0-9])(\\d{15,16}\\|[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-])'),
  a('facebook-app-token-url', 'facebook_token', '%7', '(?<![A-Za-z0-9])(\\d{15,16}%7[Cc][A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-])'),
  // Inside a longer base64 run (an inline image) the same letters are data, not a token.
  { rule: 'facebook-access-token', type: 'facebook_token', prefixes: ['EAAC', 'EAAG', 'EAAB'], re: /(EAA[A-Z][A-Za-z0-9]{80,512})(?![A-Za-z0-9+/=])/y, group: 1 },
  p('instagram-token', 'instagram_token', ['IGQV'], 'IGQV[A-Za-z0-9_-]{100,}'),
  p('x-bearer-token', 'x_bearer_token', ['AAAAAAAAAAAAAAAAAAAAA'], 'A{21}[A-Za-z0-9%]{40,}'),
  // Dropbox: short-lived "sl." tokens; long-lived ones have ten zero bytes ("AAAAAAAAAA") after 11 characters.
  p('dropbox-token', 'dropbox_token', ['sl.'], 'sl\\.[A-Za-z0-9_-]{130,}'),
  a('dropbox-long-lived-token', 'dropbox_token', 'AAAAAAAAAA', '(?<![A-Za-z0-9])([A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])'),
  p('ntlm-message', 'ntlm_token', ['TlRMTVNTUAAD'], 'TlRMTVNTUAAD[A-Za-z0-9+/]{40,}={0,2}'),
  p('atlassian-pat', 'atlassian_token', ['M', 'N', 'O'], '[MNO][A-Za-z0-9+/]{43}', { check: atlassianPatValid, structured: true }),
  p('salesforce-token', 'salesforce_token', ['00D'], '00D[A-Za-z0-9]{12}![A-Za-z0-9_.]{80,}'),
  p('salesforce-consumer-key', 'salesforce_token', ['3MVG'], '3MVG[A-Za-z0-9._]{80,}'),
  // Private key material
  p('pem-private-key-b64', 'private_key', ['LS0tLS1CRUdJTi'], 'LS0tLS1CRUdJTi[A-Za-z0-9+/=]{40,}', { check: base64PemIsPlainKey, structured: true }, 8192),
  // DER private keys in base64: SEQUENCE, then version 0 (RSA, PKCS#8) or 1 (EC).
  p('der-private-key-b64', 'private_key', ['MII', 'MHcCAQEE', 'MIG'], 'MII[A-Za-z0-9+/]{3}(?:IBAAK|IBAAJ|IBADAN)[A-Za-z0-9+/]{40,}|MHcCAQEE[A-Za-z0-9+/]{40,}|MIG[A-Za-z0-9+/]CAQAw[A-Za-z0-9+/]{40,}', { structured: true }, 8192),
  // A JSON Web Key set in base64 ("[{", "{\n", "{\"" encoded) that holds a private member.
  p('jwk-b64', 'private_key', ['Ww', 'ew', 'ey'], '(?:Ww|ew|ey)[A-Za-z0-9+/]{100,}={0,2}', { check: base64JwkIsPrivate, structured: true }, 8192),
  // A JWT in base64 again ("eyJ" encodes to "ZXlK"), as some config stores hold them.
  p('jwt-base64', 'jwt', ['ZXlK'], 'ZXlK[A-Za-z0-9+/]{40,}={0,2}', { check: (v) => { const d = decodeBase64(v); return d !== null && jwtValid(d.trim()); }, structured: true }, 4096),
  // Three base64url segments. Each is matched atomically (a lookahead capture, then a backreference
  // to it) so a long run without the dots fails in one pass instead of backtracking; the header
  // segment is short in every real token, which bounds the work per "eyJ" in the text.
  p('jwt', 'jwt', ['eyJ'], 'eyJ(?=([A-Za-z0-9_-]{8,1024}))\\2\\.(?=([A-Za-z0-9_-]{8,8192}))\\3\\.(?=([A-Za-z0-9_-]{10,4096}))\\4', { check: jwtValid }),
];
