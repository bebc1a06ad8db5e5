import type { GatewayError } from '@asc/errors';
import { SseParser } from '@asc/streaming';
import type { StreamTranslator, Usage } from '../types';

/**
 * The shared frame of same-dialect stream passthrough: SSE parsed once, each event forwarded (possibly rewritten)
 * by the dialect, a terminal or error event ending the stream, and usage kept for `end`/`fail`. Subclasses supply
 * the per-event rewrite, the dialect's error event and the best usage known. Created per stream; not thread-safe.
 */
export abstract class SsePassthroughStream implements StreamTranslator {
  protected readonly parser = new SseParser();
  /** The provider's own terminal event arrived. */
  protected done = false;
  /** An error event was forwarded or written; nothing more may follow. */
  protected errored = false;

  push(chunk: Buffer | string): string {
    let out = '';
    for (const event of this.parser.push(chunk)) out += this.forward(event.event, event.data);
    return out;
  }

  end(): { tail: string; usage: Usage; complete: boolean } {
    let tail = '';
    for (const event of this.parser.flush()) tail += this.forward(event.event, event.data);
    return { tail, usage: this.bestUsage(), complete: this.done && !this.errored };
  }

  fail(error: GatewayError): { tail: string; usage: Usage } {
    const tail = this.done || this.errored ? '' : this.errorEvent(error);
    this.errored = true;
    return { tail, usage: this.bestUsage() };
  }

  protected abstract forward(name: string | undefined, data: string): string;
  protected abstract errorEvent(error: GatewayError): string;
  protected abstract bestUsage(): Usage;
}
