import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AdminApiError } from './admin-client';

/**
 * Client of the audit service API (`/audit/v1`, apps/audit). `ASC_AUDIT_URL` (default http://127.0.0.1:8083);
 * the bearer token is `ASC_AUDIT_TOKEN` (a tenant's virtual key or an auditor token) or else `ASC_ADMIN_TOKEN`.
 */
export class AuditClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): AuditClient {
    const token = env.ASC_AUDIT_TOKEN ?? env.ASC_ADMIN_TOKEN;
    if (!token) throw new AdminApiError(0, 'set ASC_AUDIT_TOKEN (virtual key or auditor token) or ASC_ADMIN_TOKEN');
    return new AuditClient(env.ASC_AUDIT_URL ?? 'http://127.0.0.1:8083', token);
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.fetch(path);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Copies a streamed response body to `out` without buffering it. */
  async stream(path: string, out: NodeJS.WritableStream): Promise<void> {
    const response = await this.fetch(path);
    if (!response.body) return;
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), out, { end: false });
  }

  private async fetch(path: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(`/audit/v1${path}`, this.baseUrl), { headers: { authorization: `Bearer ${this.token}` } });
    } catch (error) {
      throw new AdminApiError(0, `Cannot reach the ASC audit API at ${this.baseUrl}: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new AdminApiError(response.status, `${response.status}: ${message}`);
    }
    return response;
  }
}
