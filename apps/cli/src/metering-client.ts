import { AdminApiError } from './admin-client';

/**
 * Client of the metering service API (`/v1/spend`, `/v1/budgets`, apps/metering). `ASC_METERING_URL` (default
 * http://127.0.0.1:8090); the bearer token is `ASC_METERING_TOKEN` (a tenant's virtual key: its own tenant only) or
 * else `ASC_ADMIN_TOKEN` (every tenant; needed to change budgets).
 */
export class MeteringClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): MeteringClient {
    const token = env.ASC_METERING_TOKEN ?? env.ASC_ADMIN_TOKEN;
    if (!token) throw new AdminApiError(0, 'set ASC_METERING_TOKEN (a virtual key) or ASC_ADMIN_TOKEN');
    return new MeteringClient(env.ASC_METERING_URL ?? 'http://127.0.0.1:8090', token);
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }
  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new AdminApiError(0, `Cannot reach the ASC metering API at ${this.baseUrl}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message = (parsed as { error?: { message?: string } } | undefined)?.error?.message ?? text;
      throw new AdminApiError(response.status, `${response.status}: ${message}`);
    }
    return parsed as T;
  }
}
