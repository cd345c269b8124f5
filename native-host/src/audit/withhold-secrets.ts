import type { Interaction } from '@vigil/shared';
import { detectSecrets } from '@vigil/shared/detectors/index';
import { redactString } from '../pipeline/redact.ts';
import type { ResponseOutput } from '../proxy/providers/adapter.ts';

/**
 * The chain keeps what was exchanged so the user can review it, but a credential Vigil recognised
 * must not outlive the exchange in a long-lived file: a blocked request never reached the provider,
 * and a copy of the key in the audit database would be one more place to leak it from. Each
 * credential is replaced by a marker naming its type; everything else is kept as it was.
 */
export function withheld(type: string): string {
  return `[credential ${type} withheld by Vigil]`;
}

export function withholdSecretsInText(text: string): string {
  return redactString(text, detectSecrets(text), withheld);
}

const calls = <T extends { arguments: string }>(list: T[]): T[] => list.map((c) => ({ ...c, arguments: withholdSecretsInText(c.arguments) }));

export function withholdSecrets(interaction: Interaction): Interaction {
  return {
    ...interaction,
    messages: interaction.messages.map((m) => ({ ...m, text: withholdSecretsInText(m.text), ...(m.toolCalls ? { toolCalls: calls(m.toolCalls) } : {}) })),
    attachments: interaction.attachments.map((a) => (a.text === undefined ? a : { ...a, text: withholdSecretsInText(a.text) })),
  };
}

export function withholdSecretsInOutput(output: ResponseOutput): ResponseOutput {
  return {
    ...output,
    text: withholdSecretsInText(output.text),
    toolCalls: calls(output.toolCalls),
    ...(output.reasoning !== undefined ? { reasoning: withholdSecretsInText(output.reasoning) } : {}),
  };
}
