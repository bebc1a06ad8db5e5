import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { ProviderTimeoutError, ProviderUnavailableError } from '@asc/errors';
import type { UpstreamRequest } from '@asc/providers';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

/**
 * The one HTTP client to providers: a keep-alive undici agent shared by every request (connection reuse is
 * most of a proxy's throughput). Connection and header timeouts become typed provider errors; an aborted
 * signal (client went away) cancels the upstream request.
 */
@Injectable()
export class UpstreamClient implements OnModuleDestroy {
  private readonly agent: Agent;
  private readonly headersTimeout: number;
  private readonly bodyTimeout: number;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.headersTimeout = config.ASC_UPSTREAM_HEADERS_TIMEOUT_MS;
    this.bodyTimeout = config.ASC_UPSTREAM_IDLE_TIMEOUT_MS;
    this.agent = new Agent({
      connections: config.ASC_UPSTREAM_CONNECTIONS,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      connect: { timeout: 10_000 },
    });
  }

  async send(args: { provider: string; request: UpstreamRequest; signal: AbortSignal; headersTimeoutMs?: number }): Promise<UpstreamResponse> {
    const url = new URL(args.request.url);
    try {
      const response = await this.agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: args.request.method,
        headers: args.request.headers,
        body: args.request.body,
        signal: args.signal,
        headersTimeout: args.headersTimeoutMs ?? this.headersTimeout,
        bodyTimeout: this.bodyTimeout,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw toUpstreamError(args.provider, error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

export function toUpstreamError(provider: string, error: unknown): Error {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return new ProviderTimeoutError({ provider, cause: error });
  }
  if (error instanceof undiciErrors.RequestAbortedError || (error instanceof Error && error.name === 'AbortError')) {
    return error;
  }
  return new ProviderUnavailableError({ provider, cause: error });
}
