import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

/** Receives an upstream body chunk by chunk. Returning false pauses the upstream until `resume()` is called. */
export interface BodySink {
  onData(chunk: Buffer): boolean;
  onEnd(): void;
  onError(error: Error): void;
}

export interface UpstreamHead {
  status: number;
  headers: IncomingHttpHeaders;
}

/**
 * One upstream HTTP exchange on undici's dispatch API: no web streams, no Readable, no AbortSignal per request,
 * which is where a proxy's microseconds go. Created per request; not reusable.
 *
 * Lifecycle: `head` resolves with status and headers (or rejects on connection errors/timeouts). The body is then
 * either collected with `text()` or relayed with `pipe(sink)`. `abort()` cancels the request at any point.
 */
export class UpstreamCall implements Dispatcher.DispatchHandler {
  readonly head: Promise<UpstreamHead>;
  private resolveHead!: (head: UpstreamHead) => void;
  private rejectHead!: (error: Error) => void;
  private controller: Dispatcher.DispatchController | undefined;
  private headSettled = false;
  private sink: BodySink | undefined;
  private buffered: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;
  private abortReason: Error | undefined;
  private firstDataWaiter: (() => void) | undefined;

  constructor() {
    this.head = new Promise<UpstreamHead>((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    // Callers always attach to `head`; this only keeps an unobserved early rejection from crashing the process.
    this.head.catch(() => undefined);
  }

  abort(reason: Error): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /**
   * Resolves true once the first body bytes (or the end, or an error) arrived, false if none came within
   * `timeoutMs`: the time-to-first-token deadline of streams, checked before anything is relayed to the client.
   */
  waitForFirstData(timeoutMs: number): Promise<boolean> {
    if (this.buffered.length > 0 || this.ended || this.failure) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.firstDataWaiter = undefined;
        resolve(false);
      }, timeoutMs);
      this.firstDataWaiter = () => {
        clearTimeout(timer);
        this.firstDataWaiter = undefined;
        resolve(true);
      };
    });
  }

  /** Collects the whole body (unary responses and error bodies). */
  text(): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.pipe({
        onData: (chunk) => (chunks.push(chunk), true),
        onEnd: () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')),
        onError: reject,
      });
    });
  }

  /** Hands the body to `sink`, starting with whatever arrived before it was attached. */
  pipe(sink: BodySink): void {
    this.sink = sink;
    const early = this.buffered;
    this.buffered = [];
    for (const chunk of early) if (!sink.onData(chunk)) this.controller?.pause();
    if (this.failure) sink.onError(this.failure);
    else if (this.ended) sink.onEnd();
  }

  resume(): void {
    this.controller?.resume();
  }

  // --- undici DispatchHandler ---

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // 1xx informational
    this.headSettled = true;
    this.resolveHead({ status: statusCode, headers });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.sink === undefined) {
      this.buffered.push(chunk);
      this.firstDataWaiter?.();
    } else if (!this.sink.onData(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.firstDataWaiter?.();
    this.sink?.onEnd();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (!this.headSettled) {
      this.headSettled = true;
      this.rejectHead(error);
      return;
    }
    this.failure = error;
    this.firstDataWaiter?.();
    this.sink?.onError(error);
  }
}
