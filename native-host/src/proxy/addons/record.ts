import type { AuditSink } from '../../daemon/service.ts';
import { withholdSecrets, withholdSecretsInOutput } from '../../audit/withhold-secrets.ts';
import type { Logger } from '../../log/logger.ts';
import type { Flow, ProxyAddon } from '../flow.ts';

/**
 * Records every exchange on an intercepted host as one `proxy.exchange` audit record: the parsed
 * request (or why it was not parsed), what the model produced, and any block. Content goes into the
 * chain because review needs it (the chain supports erasing bodies later); recognised credentials
 * do not (withhold-secrets.ts).
 */
export function recordAddon(audit: () => AuditSink | null, log: Logger): ProxyAddon {
  const write = (flow: Flow, error?: string) => {
    const sink = audit();
    if (!sink) return;
    const body = {
      id: flow.id,
      host: flow.host,
      method: flow.method,
      path: flow.path.split('?')[0],
      provider: flow.adapter?.id ?? null,
      parsed: flow.interaction !== null,
      unparsed: flow.unparsed ?? null,
      interaction: flow.interaction && withholdSecrets(flow.interaction),
      status: flow.status ?? null,
      output: flow.interaction ? withholdSecretsInOutput(flow.output) : null,
      blocked: flow.answered ?? null,
      // The decisions (request, response) with the seq of the interaction.decision records explaining them.
      decisions: flow.decisions,
      cut: flow.cut ?? null,
      bytesOut: flow.bytesOut,
      ms: Date.now() - flow.startedAt,
      error: error ?? null,
    };
    sink.append('proxy.exchange', body).catch((err: Error) => log.error('audit append failed', { flow: flow.id, err: err.message }));
  };
  return {
    name: 'record',
    responseEnd: (flow) => write(flow),
    error: (flow, err) => write(flow, err.message),
  };
}
