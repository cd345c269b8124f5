import type { ActionKind } from '@vigil/shared';

/** Where an action's text sits in the original body: a JSON Pointer to a string, and where that string starts in the action's text. */
export interface BodyPiece {
  pointer: string;
  offset: number;
  length: number;
}

/**
 * One thing the user, the agent, a tool or the model did inside an interaction. `text` is what the
 * detectors read; `messageIndex`/`toolCallIndex`/`attachmentIndex` point back into the Interaction,
 * and `pieces` (proxy captures) into the raw request body, so redaction can rewrite exactly there.
 */
export interface Action {
  kind: ActionKind;
  text: string;
  direction: 'request' | 'response';
  /** Replayed from the conversation's history rather than new in this exchange. */
  history: boolean;
  messageIndex?: number;
  toolCallIndex?: number;
  attachmentIndex?: number;
  tool?: { name: string; args?: string };
  file?: { name: string; mime?: string; size: number };
  pieces?: BodyPiece[];
}
