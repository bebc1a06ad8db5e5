/**
 * The mock LLM provider server: plain node:http with keep-alive, one handler for `/__mock/*` control routes and
 * one for provider routes. Kept cheap on purpose: benchmarks run the gateway against it on the same small machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BehaviorRules } from './behavior/behavior-rules';
import { errorBody } from './dialects/errors';
import { handleControl } from './http/control-api';
import { handleProviderRequest } from './http/provider-handler';
import { sendJson } from './http/responder';
import { dialectOfPath, parseRoute, splitLabel } from './http/router';
import { RequestRecorder } from './recorder';
import type { Behavior } from './types';

export interface MockLlmOptions {
  host?: string;
  /** 0 (default) = ephemeral port. */
  port?: number;
  /** Process-wide behaviour defaults (latency, ttft, output tokens, failure mix...). */
  defaults?: Partial<Behavior>;
  /** Capacity of the recorded-requests ring buffer (default 1000). */
  recordLimit?: number;
}

export interface MockLlmServer {
  /** `http://host:port` */
  url: string;
  port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)).toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlmServer> {
  const host = options.host ?? '127.0.0.1';
  const rules = new BehaviorRules(options.defaults ?? {});
  const recorder = new RequestRecorder(options.recordLimit ?? 1000);
  const ctx = { rules, recorder };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const rawBody = await readBody(req);
    if (rawPath.startsWith('/__mock/')) return handleControl(ctx, req, res, rawPath, query, rawBody);
    const { label, path } = splitLabel(rawPath);
    const route = parseRoute(req.method ?? 'GET', label, path);
    if (route) return handleProviderRequest(ctx, route, req, res, rawBody, query);
    const dialect = dialectOfPath(path);
    const body = dialect
      ? errorBody(dialect, 404, { model: null, requestId: 'req_mock', message: `Unknown request URL: ${req.method} ${path}` })
      : JSON.stringify({ error: { message: `Unknown request URL: ${req.method} ${path}` } });
    sendJson(res, 404, body);
  }

  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, JSON.stringify({ error: { message: String(error) } }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Stalled and keep-alive sockets would hold close() open forever.
        server.closeAllConnections();
      }),
  };
}
