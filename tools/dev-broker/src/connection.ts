/**
 * One client connection: splits the byte stream into size-prefixed frames (INT32 size + request), handles requests
 * strictly one at a time, and writes responses in request order, as a Kafka broker does (a long-polling fetch
 * holds back later requests on the same connection; clients use separate connections when that matters).
 * https://kafka.apache.org/protocol#protocol_common
 * Lifetime: the socket's. Single-threaded.
 */
import { Socket } from 'node:net';
import { ApiHandler, BrokerContext, RequestContext } from './broker-context';
import { handlers, unsupportedApiVersionsResponse } from './handlers';
import { ApiKey, isVersionSupported } from './protocol/api-keys';
import { Decoder } from './protocol/decoder';
import { Encoder } from './protocol/encoder';
import { ErrorCode } from './protocol/error-codes';
import { decodeRequestHeader, encodeResponsePrefix, RequestHeader } from './protocol/request-header';

/** socket.request.max.bytes default in Kafka. */
const MAX_FRAME_BYTES = 100 * 1024 * 1024;
/** Stop reading from a client that has this many unhandled requests queued. */
const MAX_QUEUED = 64;

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private readonly closeListeners = new Set<() => void>();
  private readonly clientHost: string;

  constructor(
    private readonly socket: Socket,
    private readonly broker: BrokerContext,
  ) {
    this.clientHost = socket.remoteAddress ?? '';
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      for (const cb of [...this.closeListeners]) cb();
      this.closeListeners.clear();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.buffered < 4) break;
      const size = this.peekSize();
      if (size < 0 || size > MAX_FRAME_BYTES) {
        this.broker.logger.warn(`closing connection from ${this.clientHost}: invalid frame size ${size}`);
        this.socket.destroy();
        return;
      }
      if (this.buffered < 4 + size) break;
      this.queue.push(this.take(4 + size).subarray(4));
    }
    if (this.queue.length > MAX_QUEUED) this.socket.pause();
    this.pump();
  }

  private peekSize(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32BE(0);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.readInt32BE(0);
  }

  /** Removes n bytes from the front of the buffered chunks, copying only when a frame spans chunks. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0] as Buffer;
      const want = n - filled;
      if (c.length <= want) {
        c.copy(out, filled);
        filled += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, filled, 0, want);
        this.chunks[0] = c.subarray(want);
        filled += want;
      }
    }
    return out;
  }

  private pump(): void {
    while (!this.busy && !this.closed) {
      const frame = this.queue.shift();
      if (!frame) break;
      if (this.queue.length <= MAX_QUEUED / 2 && this.socket.isPaused()) this.socket.resume();
      let header: RequestHeader;
      let result: ReturnType<ApiHandler>;
      try {
        const dec = new Decoder(frame);
        header = decodeRequestHeader(dec);
        result = this.dispatch(header, dec);
      } catch (err) {
        this.broker.logger.warn(`closing connection from ${this.clientHost}: ${(err as Error).message}`);
        this.socket.destroy();
        return;
      }
      if (result instanceof Promise) {
        this.busy = true;
        const correlationId = header.correlationId;
        result.then(
          (enc) => {
            this.busy = false;
            this.send(correlationId, enc);
            this.pump();
          },
          (err: unknown) => {
            this.broker.logger.error(`request failed: ${(err as Error).stack ?? String(err)}`);
            this.socket.destroy();
          },
        );
        return;
      }
      this.send(header.correlationId, result);
    }
  }

  private dispatch(header: RequestHeader, body: Decoder): ReturnType<ApiHandler> {
    const handler = handlers.get(header.apiKey);
    if (!handler) throw new Error(`unknown api key ${header.apiKey}`);
    if (!isVersionSupported(header.apiKey, header.apiVersion)) {
      if (header.apiKey === ApiKey.ApiVersions) return unsupportedApiVersionsResponse();
      // Clients only send versions we advertised; answer with the bare error code so a misbehaving one sees it.
      this.broker.logger.warn(`unsupported version ${header.apiVersion} of api key ${header.apiKey} from ${header.clientId ?? '?'}`);
      return new Encoder(8).int16(ErrorCode.UNSUPPORTED_VERSION.code);
    }
    const ctx: RequestContext = {
      header,
      clientHost: this.clientHost,
      onClose: (cb) => {
        if (this.closed) {
          cb();
          return () => undefined;
        }
        this.closeListeners.add(cb);
        return () => this.closeListeners.delete(cb);
      },
    };
    return handler(this.broker, ctx, body);
  }

  private send(correlationId: number, body: Encoder | null): void {
    if (body === null || this.closed) return;
    const chunks = body.toChunks();
    let length = 0;
    for (const c of chunks) length += c.length;
    this.socket.cork();
    this.socket.write(encodeResponsePrefix(correlationId, length));
    for (const c of chunks) this.socket.write(c);
    this.socket.uncork();
  }
}
