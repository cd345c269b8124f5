/**
 * Incremental splitter for a streamed JSON array (`[{...},\n{...}]`, Gemini's streamGenerateContent
 * without alt=sse): emits each top-level element as soon as its closing brace arrives. Keeps only
 * the unfinished element's text.
 */
export class JsonArrayStream {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current = '';

  constructor(private readonly onElement: (text: string) => void) {}

  write(text: string): void {
    for (const ch of text) {
      if (this.depth > 0) this.current += ch;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (ch === '"' && this.depth > 0) this.inString = true;
      else if (ch === '{') {
        if (this.depth === 0) this.current = '{';
        this.depth++;
      } else if (ch === '}' && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) {
          this.onElement(this.current);
          this.current = '';
        }
      }
    }
  }

  end(): void {
    this.current = '';
  }
}
