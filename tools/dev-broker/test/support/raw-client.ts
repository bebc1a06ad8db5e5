/**
 * A bare Kafka wire client for protocol specs: sends a request frame (INT32 size, request header v1 or v2, body)
 * and resolves with the response body (after INT32 size and the v0 response header's correlation id).
 */
import { connect, Socket } from 'node:net';

export class RawClient {
  private buffered = Buffer.alloc(0);
  private correlationId = 0;
  private readonly pending = new Map<number, { resolve: (b: Buffer) => void; sentAt: number }>();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const size = this.buffered.readInt32BE(0);
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        const id = frame.readInt32BE(0);
        this.pending.get(id)?.resolve(frame.subarray(4));
        this.pending.delete(id);
      }
    });
  }

  static open(host: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a whole frame as given (for byte fixtures); the correlation id is read from it. */
  sendFrame(frame: Buffer): Promise<Buffer> {
    const id = frame.readInt32BE(8);
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, sentAt: Date.now() });
      this.socket.write(frame);
    });
  }

  request(apiKey: number, apiVersion: number, body: Buffer, flexibleHeader = false): Promise<Buffer> {
    const clientId = Buffer.from('raw-test');
    const header = Buffer.alloc(10 + clientId.length + (flexibleHeader ? 1 : 0));
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(++this.correlationId, 4);
    header.writeInt16BE(clientId.length, 8);
    clientId.copy(header, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length);
    return this.sendFrame(Buffer.concat([size, header, body]));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }
}
