import type { ServerResponse } from 'node:http';
import { GatewayError, StreamInterruptedError } from '@asc/errors';
import type { StreamTranslator, Usage } from '@asc/providers';
import type { UpstreamCall } from '../upstream/upstream-call';
import { toUpstreamError } from '../upstream/upstream-client';
import type { RequestContext } from './request-context';

export interface RelayResult {
  status: 'succeeded' | 'interrupted' | 'cancelled';
  usage: Usage;
  timeToFirstByteMs: number | undefined;
  error?: GatewayError;
}

/**
 * Relays an upstream SSE body to the client chunk by chunk, as it arrives (never buffered whole), through the
 * adapter's translator, pausing the upstream while the client's socket is full. An upstream failure after the
 * first byte ends the client stream with an error event in the client's dialect — never with a clean terminator.
 */
export function relayStream(args: {
  ctx: RequestContext;
  call: UpstreamCall;
  provider: string;
  translator: StreamTranslator;
  headers: Record<string, string>;
}): Promise<RelayResult> {
  const { ctx, call, translator } = args;
  const res: ServerResponse = ctx.res;
  res.writeHead(200, args.headers);
  let firstByteAt: number | undefined;
  const ttfb = (): number | undefined => (firstByteAt === undefined ? undefined : Math.round((firstByteAt - ctx.startedAt) * 100) / 100);

  return new Promise<RelayResult>((resolve) => {
    const onDrain = (): void => call.resume();
    res.on('drain', onDrain);
    const finish = (result: RelayResult): void => {
      res.off('drain', onDrain);
      resolve(result);
    };
    call.pipe({
      onData(chunk) {
        const out = translator.push(chunk);
        if (out.length === 0) return true;
        firstByteAt ??= performance.now();
        return res.write(out);
      },
      onEnd() {
        const end = translator.end();
        if (end.complete) {
          res.end(end.tail);
          finish({ status: 'succeeded', usage: end.usage, timeToFirstByteMs: ttfb() });
          return;
        }
        const failure = new StreamInterruptedError({ message: 'The upstream provider ended the stream before it completed.' });
        const { tail, usage } = translator.fail(failure);
        res.end(end.tail + tail);
        finish({ status: 'interrupted', usage, timeToFirstByteMs: ttfb(), error: failure });
      },
      onError(error) {
        if (ctx.cancelled) {
          const { usage } = translator.fail(new StreamInterruptedError({ message: 'The client disconnected.' }));
          finish({ status: 'cancelled', usage, timeToFirstByteMs: ttfb() });
          return;
        }
        const failure = toUpstreamError(args.provider, error, true);
        const gatewayError = GatewayError.is(failure) ? failure : new StreamInterruptedError({ message: 'The upstream stream failed.', cause: error });
        const { tail, usage } = translator.fail(gatewayError);
        res.end(tail);
        finish({ status: 'interrupted', usage, timeToFirstByteMs: ttfb(), error: gatewayError });
      },
    });
  });
}
