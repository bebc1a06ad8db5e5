import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { GatewayError, StreamInterruptedError } from '@asc/errors';
import type { StreamTranslator, Usage } from '@asc/providers';
import type { UpstreamResponse } from '../upstream/upstream-client';

export interface RelayResult {
  status: 'succeeded' | 'interrupted' | 'cancelled';
  usage: Usage;
  timeToFirstByteMs: number | undefined;
  error?: GatewayError;
}

/**
 * Relays an upstream SSE body to the client chunk by chunk, as it arrives (never buffered whole), through the
 * adapter's translator. Honours backpressure. An upstream failure after the first byte ends the client stream
 * with an error event in the client's dialect — never with a clean terminator.
 */
export async function relayStream(args: {
  upstream: UpstreamResponse;
  translator: StreamTranslator;
  raw: ServerResponse;
  headers: Record<string, string>;
  signal: AbortSignal;
  startedAt: number;
}): Promise<RelayResult> {
  const { upstream, translator, raw, signal } = args;
  raw.writeHead(200, args.headers);
  let firstByteAt: number | undefined;
  try {
    for await (const chunk of upstream.body) {
      const out = translator.push(chunk as Buffer);
      if (out.length === 0) continue;
      firstByteAt ??= performance.now();
      if (!raw.write(out)) await once(raw, 'drain', { signal });
    }
  } catch (error) {
    if (signal.aborted) {
      const { usage } = translator.fail(new StreamInterruptedError({ message: 'The client disconnected.' }));
      return { status: 'cancelled', usage, timeToFirstByteMs: ttfb(firstByteAt, args.startedAt) };
    }
    const failure = GatewayError.is(error)
      ? error
      : new StreamInterruptedError({ message: 'The upstream provider stream failed before it completed.', cause: error });
    const { tail, usage } = translator.fail(failure);
    raw.end(tail);
    return { status: 'interrupted', usage, timeToFirstByteMs: ttfb(firstByteAt, args.startedAt), error: failure };
  }
  const end = translator.end();
  if (!end.complete) {
    const failure = new StreamInterruptedError({ message: 'The upstream provider ended the stream before it completed.' });
    const { tail, usage } = translator.fail(failure);
    raw.end(end.tail + tail);
    return { status: 'interrupted', usage, timeToFirstByteMs: ttfb(firstByteAt, args.startedAt), error: failure };
  }
  raw.end(end.tail);
  return { status: 'succeeded', usage: end.usage, timeToFirstByteMs: ttfb(firstByteAt ?? performance.now(), args.startedAt) };
}

function ttfb(at: number | undefined, startedAt: number): number | undefined {
  return at === undefined ? undefined : Math.round((at - startedAt) * 100) / 100;
}
