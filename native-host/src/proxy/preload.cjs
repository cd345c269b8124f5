// Loaded with `node --require` by `vigil run` / `vigil env`. Node's built-in fetch (which the
// official OpenAI and Anthropic SDKs use) ignores HTTPS_PROXY; installing undici's EnvHttpProxyAgent
// as the global dispatcher makes it honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY like curl does.
// CommonJS on purpose: --require must work in any Node program, ESM or not.
'use strict';
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a --require preload is CommonJS
  const { EnvHttpProxyAgent, setGlobalDispatcher } = require('undici');
  setGlobalDispatcher(new EnvHttpProxyAgent());
} catch (err) {
  process.stderr.write(`vigil: proxy preload failed, fetch() will not go through Vigil: ${err && err.message}\n`);
}
