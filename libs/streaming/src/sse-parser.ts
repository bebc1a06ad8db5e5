/**
 * Incremental Server-Sent Events parser (WHATWG HTML "server-sent events", section 9.2.6
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 *
 * Wire shape: lines `field: value` ended by LF, CRLF or CR; a blank line dispatches the event; lines starting
 * with `:` are comments; several `data:` lines join with `\n`. Chunks may split anywhere, including inside a
 * CRLF pair or a multi-byte UTF-8 sequence.
 *
 * Created per stream, not thread-safe. Unlike a browser EventSource it also reports events without data
 * (e.g. an `event: ping` with an empty `data:`), because providers use them.
 */
export interface SseEvent {
  /** The `event:` field, or undefined when absent (the spec's default type "message"). */
  event: string | undefined;
  /** All `data:` lines joined with `\n`. */
  data: string;
  id?: string;
  retry?: number;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** The previous chunk ended with CR: a leading LF of the next chunk belongs to that line break. */
  private pendingCr = false;
  private eventName: string | undefined;
  private dataLines: string[] = [];
  private id: string | undefined;
  private retry: number | undefined;
  private hasFields = false;

  /** Feed the next chunk; returns the events completed by it (often none or one). */
  push(chunk: Buffer | Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    if (text.length === 0) return [];
    const events: SseEvent[] = [];
    const buf = this.buffer.length > 0 ? this.buffer + text : text;
    let start = 0;
    // Each search result is reused until passed, so a chunk with many lines is scanned once, not once per line.
    let lf = buf.indexOf('\n');
    let cr = buf.indexOf('\r');
    for (;;) {
      if (lf !== -1 && lf < start) lf = buf.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = buf.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 < buf.length) {
          next = buf.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else {
          // CR at the very end: the LF of a CRLF may still come with the next chunk.
          next = cr + 1;
          this.pendingCr = true;
        }
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      this.line(buf.slice(start, end), events);
      start = next;
    }
    this.buffer = start === 0 ? buf : buf.slice(start);
    return events;
  }

  /**
   * The stream ended. Per the spec an event not terminated by a blank line is discarded; this returns it anyway
   * so callers can decide (most providers end with a full blank line, so this is usually empty).
   */
  flush(): SseEvent[] {
    const tail = this.decoder.decode();
    const events: SseEvent[] = [];
    if (tail.length > 0) events.push(...this.push(tail));
    if (this.buffer.length > 0) {
      this.line(this.buffer, events);
      this.buffer = '';
    }
    if (this.hasFields) events.push(this.take());
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      if (this.hasFields) events.push(this.take());
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return;
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        return; // unknown fields are ignored
    }
    this.hasFields = true;
  }

  private take(): SseEvent {
    const event: SseEvent = { event: this.eventName, data: this.dataLines.length === 1 ? this.dataLines[0]! : this.dataLines.join('\n') };
    if (this.id !== undefined) event.id = this.id;
    if (this.retry !== undefined) event.retry = this.retry;
    this.eventName = undefined;
    this.dataLines = [];
    this.retry = undefined;
    this.hasFields = false;
    return event;
  }
}
