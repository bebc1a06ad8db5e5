import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from './registry';

/**
 * `node:http` handler serving the registry at GET /metrics; returns false for any other request so it can sit
 * in front of another handler: `if (!serveMetrics(registry, req, res)) next(req, res)`.
 */
export function serveMetrics(registry: MetricsRegistry, req: IncomingMessage, res: ServerResponse, path = '/metrics'): boolean {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  if ((query === -1 ? url : url.slice(0, query)) !== path) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const body = registry.render();
  res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

export interface MetricsServer {
  readonly server: Server;
  /** `http://host:port` actually bound (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A standalone `/metrics` listener for processes without an HTTP server of their own (Kafka consumers),
 * or to keep metrics off the public port. Everything else gets 404.
 */
export async function startMetricsServer(options: { registry: MetricsRegistry; port: number; host?: string }): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (!serveMetrics(options.registry, req, res)) res.writeHead(404).end();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
