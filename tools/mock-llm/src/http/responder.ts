/**
 * Plays a planned answer onto the HTTP response under a behaviour: latency, error status, reset, stall, stream
 * timing and mid-stream errors. Created per request; `signal` fires when the client goes away so timers stop early.
 */
import type { ServerResponse } from 'node:http';
import type { Behavior } from '../types';
import type { Cancellation } from './cancellation';
import { JSON_CONTENT_TYPE, SSE_CONTENT_TYPE, type StreamScript } from '../dialects/stream-script';

export interface Exchange {
  res: ServerResponse;
  signal: Cancellation;
  behavior: Behavior;
  /** Dialect-specific response headers (request id, version). */
  headers: Record<string, string>;
  /** Called when the mock destroys the socket on purpose. */
  onReset: () => void;
}

/** Resolves true after `ms`, or false as soon as the client is gone. */
export function sleep(ms: number, signal: Cancellation): Promise<boolean> {
  if (signal.cancelled) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.onCancel(null);
      resolve(true);
    }, ms);
    signal.onCancel(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

function destroy(ex: Exchange): void {
  ex.onReset();
  ex.res.socket?.destroy();
}

export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Applies the "before headers" part of a behaviour. Returns false when the exchange is over (reset, stall,
 * client gone), true when the caller should go on and produce a response.
 */
export async function beforeHeaders(ex: Exchange): Promise<boolean> {
  const { behavior } = ex;
  if (behavior.latencyMs && !(await sleep(behavior.latencyMs, ex.signal))) return false;
  if (behavior.reset === 'before-headers') {
    destroy(ex);
    return false;
  }
  // A stall keeps the socket open and silent; the client's timeout (or the server's close) ends it.
  if (behavior.stall === 'before-headers') return false;
  return true;
}

/** A unary body; "after-first-chunk" failures send the headers and half the body first. */
export function playUnary(ex: Exchange, body: string): void {
  const { behavior, res } = ex;
  const midBody = behavior.reset === 'after-first-chunk' || behavior.stall === 'after-first-chunk';
  if (!midBody) return sendJson(res, 200, body, ex.headers);
  res.writeHead(200, { ...ex.headers, 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  res.write(body.slice(0, Math.floor(body.length / 2)));
  if (behavior.reset === 'after-first-chunk') setImmediate(() => destroy(ex));
}

export async function playStream(ex: Exchange, script: StreamScript, errorFrame: string): Promise<void> {
  const { behavior, res, signal } = ex;
  res.writeHead(200, { ...ex.headers, 'content-type': SSE_CONTENT_TYPE, 'cache-control': 'no-cache' });
  const ttft = behavior.ttftMs ?? 0;
  const gap = behavior.interChunkMs ?? 0;
  const failsAfterFirst = behavior.midStreamError || behavior.reset === 'after-first-chunk' || behavior.stall === 'after-first-chunk';
  if (ttft === 0 && gap === 0 && !failsAfterFirst) {
    res.end(script.prelude + script.deltas.join('') + script.epilogue);
    return;
  }
  res.flushHeaders();
  if (!(await sleep(ttft, signal))) return;
  const [first = '', ...rest] = script.deltas;
  res.write(script.prelude + first);
  if (behavior.midStreamError) {
    res.end(errorFrame);
    return;
  }
  if (behavior.reset === 'after-first-chunk') {
    // Let the first chunk reach the wire before the socket goes.
    setImmediate(() => destroy(ex));
    return;
  }
  if (behavior.stall === 'after-first-chunk') return;
  if (gap === 0) {
    res.end(rest.join('') + script.epilogue);
    return;
  }
  for (const delta of rest) {
    if (!(await sleep(gap, signal))) return;
    res.write(delta);
  }
  res.end(script.epilogue);
}
