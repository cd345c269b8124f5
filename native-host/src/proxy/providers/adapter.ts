import type { ChatMessage } from '@vigil/shared';

export interface ToolCallOut {
  id?: string;
  name: string;
  arguments: string;
}

/** What the model produced, assembled incrementally from a stream or read from a JSON body. */
export interface ResponseOutput {
  text: string;
  toolCalls: ToolCallOut[];
  /** Reasoning text some providers stream separately (DeepSeek `reasoning_content`). */
  reasoning?: string;
  /** Provider-reported error message, when the response was an error. */
  error?: string;
}

export function emptyOutput(): ResponseOutput {
  return { text: '', toolCalls: [] };
}

export interface ParsedRequest {
  endpoint: string;
  messages: ChatMessage[];
  tools: { name: string; description?: string }[];
  streamed: boolean;
}

/** Consumes decoded response text piece by piece; never holds bytes back from the client. */
export interface ResponseParser {
  write(text: string): void;
  end(): void;
}

/** One AI provider's wire format. Pure parsing: no I/O. */
export interface ProviderAdapter {
  id: string;
  /** True when this adapter understands this request; others on an intercepted host pass through unparsed. */
  matches(host: string, method: string, path: string): boolean;
  /** Throws on bodies it cannot read; the proxy then forwards them unchanged and records them as unparsed. */
  parseRequest(body: unknown, path: string): ParsedRequest;
  /** A parser writing into `out` for a response with this content type. */
  responseParser(contentType: string, out: ResponseOutput, path: string): ResponseParser;
  /** The provider's own error shape, so SDKs raise their usual error carrying Vigil's reason. */
  errorBody(status: number, reason: string): string;
  /**
   * The provider's own in-stream error event, for cutting a streamed response: the SDK raises its
   * usual error with Vigil's reason. Absent for formats without one (the stream is then reset).
   */
  streamErrorEvent?(reason: string): string;
}
