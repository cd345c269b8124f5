/**
 * Core data types shared by the extension and the host (see ARCHITECTURE.md, "Data flow").
 * Validation schemas for those that cross a process boundary live next to the messages that carry them.
 */

export type InteractionSource = 'proxy' | 'extension';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  text: string;
  /** Tool calls the message carries (assistant turns replayed in history, or a model's response). */
  toolCalls?: { id?: string; name: string; arguments: string }[];
  /** For role 'tool': the call this result answers. */
  toolCallId?: string;
}

export interface Attachment {
  name: string;
  mime?: string;
  size: number;
  text?: string;
}

/** One exchange with an AI provider or chat site, whatever captured it. */
export interface Interaction {
  id: string;
  ts: string;
  source: InteractionSource;
  /** Provider id for proxy captures (e.g. "openai"), site id for extension captures (e.g. "chatgpt"). */
  provider: string;
  endpoint: string;
  messages: ChatMessage[];
  tools: { name: string; description?: string }[];
  attachments: Attachment[];
  streamed: boolean;
}

export type ActionKind =
  | 'system.prompt'
  | 'prompt.submit'
  | 'prompt.paste'
  | 'file.upload'
  | 'tool.call'
  | 'tool.result'
  | 'model.output'
  | 'web.content';

export interface Span {
  start: number;
  end: number;
}

export interface Finding {
  detector: string;
  type: string;
  span?: Span;
  score: number;
  explain: string;
}

export interface ModelScores {
  iforest?: number;
  lstm?: number;
  bayes?: number;
  cusum?: number;
}

export interface Verdict {
  risk: number;
  findings: Finding[];
  scores: ModelScores;
  explanations: string[];
}

export type Effect = 'allow' | 'warn' | 'redact' | 'block';

export interface Decision {
  effect: Effect;
  policyIds: string[];
  reasons: string[];
}
