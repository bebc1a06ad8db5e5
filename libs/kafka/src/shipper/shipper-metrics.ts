import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ShipperStats } from './spool-shipper';

/**
 * The shipper's stats over HTTP: `GET /metrics` in the Prometheus text format, `GET /stats` as JSON. No framework:
 * the shipper is a sidecar and should stay small.
 */
export function metricsText(stats: ShipperStats): string {
  const labels = `{spool_dir=${JSON.stringify(stats.dir)}}`;
  const rows: Array<[string, string, number]> = [
    ['asc_spool_shipper_sent_events_total', 'counter', stats.sentEvents],
    ['asc_spool_shipper_sent_batches_total', 'counter', stats.sentBatches],
    ['asc_spool_shipper_backlog_bytes', 'gauge', stats.backlogBytes],
    ['asc_spool_shipper_shipped_events_total', 'counter', stats.cursor.shipped],
    ['asc_spool_shipper_connected', 'gauge', stats.connected ? 1 : 0],
    ['asc_spool_shipper_cpu_user_seconds_total', 'counter', stats.cpuUserUs / 1e6],
    ['asc_spool_shipper_cpu_system_seconds_total', 'counter', stats.cpuSystemUs / 1e6],
  ];
  return rows.map(([name, type, value]) => `# TYPE ${name} ${type}\n${name}${labels} ${value}\n`).join('');
}

export async function serveMetrics(stats: () => ShipperStats, port: number, host = '127.0.0.1'): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metricsText(stats()));
    } else if (req.method === 'GET' && req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats()));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
