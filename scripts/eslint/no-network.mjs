// ESLint rule `vigil/no-network`: network APIs only where the privacy design allows them.
// Vigil's promise is that user content never leaves the machine except through the proxy (to the
// provider the user was talking to) and the opt-in egress module. This rule makes that a build
// failure instead of a code-review hope: it reports every runtime use of a network API in the files
// it is applied to (eslint.config.mjs applies it everywhere except those allowed modules).

const NETWORK_MODULES = new Set([
  'net', 'tls', 'http', 'https', 'http2', 'dgram', 'dns', 'dns/promises', 'inspector',
  'undici', 'ws', 'node-fetch', 'axios', 'got', 'request', 'superagent', 'isomorphic-fetch', 'cross-fetch', 'socket.io-client',
]);
const NETWORK_GLOBALS = new Set(['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource', 'WebTransport', 'RTCPeerConnection']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);
const CHILD_PROCESS_CALLS = new Set(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
const NETWORK_TOOLS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'scp', 'sftp', 'rsync', 'ftp', 'tftp', 'dig', 'nslookup', 'host', 'ping', 'openssl', 'powershell', 'pwsh', 'Invoke-WebRequest', 'bitsadmin', 'certutil.exe']);

const bare = (source) => (typeof source === 'string' ? source.replace(/^node:/, '') : '');
const isNetworkModule = (source) => NETWORK_MODULES.has(bare(source)) || NETWORK_MODULES.has(bare(source).split('/')[0]);
const toolOf = (command) => {
  if (typeof command !== 'string') return null;
  const first = command.trim().split(/\s+/)[0] ?? '';
  const name = first.split(/[\\/]/).pop();
  return NETWORK_TOOLS.has(name) ? name : null;
};

/** @type {import('eslint').Rule.RuleModule} */
export const noNetwork = {
  meta: {
    type: 'problem',
    docs: { description: 'network APIs only in the proxy and the privacy egress module' },
    schema: [],
    messages: {
      module: 'Network module "{{name}}" is not allowed here: only the proxy and native-host/src/privacy/egress.ts may open connections (PRIVACY.md).',
      global: 'Network API "{{name}}" is not allowed here: only the proxy and native-host/src/privacy/egress.ts may open connections (PRIVACY.md).',
      tool: 'Running the network tool "{{name}}" is not allowed here (PRIVACY.md).',
    },
  },
  create(context) {
    const childProcessNames = new Set();
    const checkSource = (node, source, typeOnly) => {
      if (!typeOnly && isNetworkModule(source)) context.report({ node, messageId: 'module', data: { name: source } });
    };
    return {
      ImportDeclaration(node) {
        // `import type` (or only type specifiers) cannot open a connection.
        const typeOnly = node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        checkSource(node, node.source.value, typeOnly);
        if (bare(node.source.value) === 'child_process') {
          for (const s of node.specifiers) {
            if (s.type === 'ImportSpecifier' && CHILD_PROCESS_CALLS.has(s.imported.name)) childProcessNames.add(s.local.name);
            if (s.type === 'ImportNamespaceSpecifier' || s.type === 'ImportDefaultSpecifier') childProcessNames.add(`${s.local.name}.*`);
          }
        }
      },
      ExportNamedDeclaration(node) {
        if (node.source) checkSource(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        checkSource(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') checkSource(node, node.source.value, false);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'require' && node.arguments[0]?.type === 'Literal') checkSource(node, node.arguments[0].value, false);
        // child_process running a network tool: spawn('curl', ...), exec('wget ...'), cp.execFile('nc', ...)
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.property.type === 'Identifier' ? `${callee.object.name}.${callee.property.name}` : null;
        const isChild = name && (childProcessNames.has(name) || (name.includes('.') && childProcessNames.has(`${name.split('.')[0]}.*`) && CHILD_PROCESS_CALLS.has(name.split('.')[1])));
        const arg = node.arguments[0];
        if (isChild && arg?.type === 'Literal') {
          const tool = toolOf(arg.value);
          if (tool) context.report({ node, messageId: 'tool', data: { name: tool } });
        }
      },
      MemberExpression(node) {
        // globalThis.fetch, window.WebSocket, navigator.sendBeacon
        const obj = node.object;
        const prop = node.property.type === 'Identifier' && !node.computed ? node.property.name : node.property.type === 'Literal' ? node.property.value : null;
        if (obj.type === 'Identifier' && GLOBAL_OBJECTS.has(obj.name) && NETWORK_GLOBALS.has(prop)) context.report({ node, messageId: 'global', data: { name: `${obj.name}.${prop}` } });
        if (obj.type === 'Identifier' && obj.name === 'navigator' && prop === 'sendBeacon') context.report({ node, messageId: 'global', data: { name: 'navigator.sendBeacon' } });
      },
      'Program:exit'(node) {
        // Value references to fetch / WebSocket / XMLHttpRequest... that are not shadowed by a local
        // binding: those resolved to the configured globals, and those left unresolved.
        const scope = context.sourceCode.getScope(node);
        const refs = [...scope.through];
        for (const name of NETWORK_GLOBALS) refs.push(...(scope.set.get(name)?.references ?? []));
        for (const ref of refs) {
          if (ref.isValueReference === false || !NETWORK_GLOBALS.has(ref.identifier.name)) continue;
          context.report({ node: ref.identifier, messageId: 'global', data: { name: ref.identifier.name } });
        }
      },
    };
  },
};

export default { rules: { 'no-network': noNetwork } };
