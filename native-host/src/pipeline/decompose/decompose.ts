import type { ChatMessage, Interaction } from '@vigil/shared';
import type { Action } from './action.ts';

/** How the extension says the text got into the composer; absent for proxy captures. */
export type CaptureKind = 'typed' | 'paste' | 'drop' | 'file' | 'submit';

/** Tools whose results are text from the web rather than from the user's own machine. */
const WEB_TOOL = /(?:fetch|browse|browser|web|http|url|search|scrape|crawl|page|navigate)/i;

/**
 * Turns a captured request into actions, in conversation order. Everything after the last assistant
 * turn is new in this exchange; what comes before it is history the client replays (agents resend
 * their whole run every time), kept because it still leaves the machine and because the run's
 * sequence is what the trajectory model reads.
 */
export function decomposeRequest(interaction: Interaction, capture?: CaptureKind): Action[] {
  const actions: Action[] = [];
  const msgs = interaction.messages;
  let lastAssistant = -1;
  msgs.forEach((m, i) => {
    if (m.role === 'assistant') lastAssistant = i;
  });
  const toolNames = new Map<string, string>();
  for (const m of msgs) for (const c of m.toolCalls ?? []) if (c.id) toolNames.set(c.id, c.name);

  msgs.forEach((m, i) => {
    const history = i < lastAssistant;
    const base = { direction: 'request' as const, history, messageIndex: i };
    if (m.role === 'system' || m.role === 'developer') {
      if (m.text) actions.push({ ...base, kind: 'system.prompt', history: false, text: m.text });
    } else if (m.role === 'user') {
      if (m.text) actions.push({ ...base, kind: userKind(capture), text: m.text });
    } else if (m.role === 'tool') {
      const name = (m.toolCallId && toolNames.get(m.toolCallId)) || '';
      actions.push({ ...base, kind: WEB_TOOL.test(name) ? 'web.content' : 'tool.result', text: m.text, tool: { name } });
    } else {
      // An assistant turn replayed in the request: the model's earlier output and the calls it made.
      if (m.text) actions.push({ ...base, kind: 'model.output', history: true, text: m.text });
      pushToolCalls(actions, m, { ...base, history: true });
    }
  });
  interaction.attachments.forEach((a, attachmentIndex) => {
    actions.push({
      kind: 'file.upload', direction: 'request', history: false, attachmentIndex,
      text: a.text ?? '', file: { name: a.name, ...(a.mime ? { mime: a.mime } : {}), size: a.size },
    });
  });
  return actions;
}

/** The model's answer: its text and the tool calls it asks the client to run (new by definition). */
export function decomposeResponse(output: { text: string; toolCalls: { name: string; arguments: string }[] }): Action[] {
  const actions: Action[] = [];
  if (output.text) actions.push({ kind: 'model.output', direction: 'response', history: false, text: output.text });
  output.toolCalls.forEach((c, toolCallIndex) => {
    actions.push({ kind: 'tool.call', direction: 'response', history: false, toolCallIndex, text: toolCallText(c.name, c.arguments), tool: { name: c.name, args: c.arguments } });
  });
  return actions;
}

function userKind(capture?: CaptureKind): Action['kind'] {
  return capture === 'paste' || capture === 'drop' ? 'prompt.paste' : 'prompt.submit';
}

function pushToolCalls(actions: Action[], m: ChatMessage, base: Omit<Action, 'kind' | 'text'>): void {
  (m.toolCalls ?? []).forEach((c, toolCallIndex) => {
    actions.push({ ...base, kind: 'tool.call', toolCallIndex, text: toolCallText(c.name, c.arguments), tool: { name: c.name, args: c.arguments } });
  });
}

/** `name{args}`: the form agent-run datasets write tool calls in, and readable in the audit. */
export function toolCallText(name: string, args: string): string {
  return `${name}${args}`;
}
