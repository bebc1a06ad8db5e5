/**
 * TCP listener: accepts connections and hands each socket to a Connection; closes them all on shutdown.
 */
import { createServer, Server, Socket } from 'node:net';
import { BrokerContext } from './broker-context';
import { Connection } from './connection';

export class BrokerServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  constructor(private readonly broker: BrokerContext) {
    this.server = createServer((socket: Socket) => {
      const conn = new Connection(socket, broker);
      this.connections.add(conn);
      socket.on('close', () => this.connections.delete(conn));
    });
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const c of this.connections) c.destroy();
    });
  }
}
