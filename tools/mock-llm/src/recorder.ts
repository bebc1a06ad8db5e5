/**
 * Bounded ring buffer of received provider requests plus running counters, for test introspection.
 * Entries are live: the server updates status/aborted/completed after recording, so a later read sees the outcome.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dialect, MockStats, RecordedRequest } from './types';

const RECORDED_HEADERS = [
  'authorization', 'x-api-key', 'api-key', 'anthropic-version', 'anthropic-beta', 'traceparent', 'tracestate',
  'baggage', 'x-request-id', 'openai-organization', 'openai-project', 'user-agent', 'content-type', 'accept',
];

export function pickHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

export interface RequestFilter {
  label?: string;
  dialect?: Dialect;
  limit?: number;
}

export class RequestRecorder {
  private readonly buffer: (RecordedRequest | undefined)[];
  private next = 0;
  private seq = 0;
  private counters = { total: 0, inFlight: 0, completed: 0, aborted: 0, resets: 0 };
  private byDialect: Record<string, number> = {};
  private byStatus: Record<string, number> = {};

  constructor(private readonly capacity = 1000) {
    this.buffer = new Array<RecordedRequest | undefined>(capacity);
  }

  record(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded: RecordedRequest = { seq: ++this.seq, ...entry };
    this.buffer[this.next] = recorded;
    this.next = (this.next + 1) % this.capacity;
    this.counters.total++;
    this.counters.inFlight++;
    const dialect = entry.dialect ?? 'unknown';
    this.byDialect[dialect] = (this.byDialect[dialect] ?? 0) + 1;
    return recorded;
  }

  /** Called once per recorded request when its response is over (finished, reset, or the client left). */
  settle(entry: RecordedRequest): void {
    this.counters.inFlight--;
    if (entry.completed) this.counters.completed++;
    if (entry.aborted) this.counters.aborted++;
    if (entry.reset) this.counters.resets++;
    const status = String(entry.status);
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  /** The last `limit` matching requests, oldest first. */
  list(filter: RequestFilter = {}): RecordedRequest[] {
    const out: RecordedRequest[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const entry = this.buffer[(this.next + i) % this.capacity];
      if (!entry) continue;
      if (filter.label !== undefined && entry.label !== filter.label) continue;
      if (filter.dialect !== undefined && entry.dialect !== filter.dialect) continue;
      out.push(entry);
    }
    return filter.limit !== undefined && filter.limit >= 0 ? out.slice(Math.max(0, out.length - filter.limit)) : out;
  }

  clear(): void {
    this.buffer.fill(undefined);
    this.next = 0;
  }

  resetStats(): void {
    this.counters = { total: 0, inFlight: this.counters.inFlight, completed: 0, aborted: 0, resets: 0 };
    this.byDialect = {};
    this.byStatus = {};
  }

  stats(): MockStats {
    return { ...this.counters, byDialect: { ...this.byDialect }, byStatus: { ...this.byStatus } };
  }
}
