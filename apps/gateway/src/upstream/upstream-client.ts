import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, errors as undiciErrors } from 'undici';
import { ProviderTimeoutError, ProviderUnavailableError, StreamInterruptedError } from '@asc/errors';
import type { UpstreamRequest } from '@asc/providers';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway-config';
import { UpstreamCall } from './upstream-call';

/**
 * The one HTTP client to providers: a keep-alive undici agent shared by every request (connection reuse is
 * most of a proxy's throughput). Requests go through undici's dispatch API (see UpstreamCall).
 */
@Injectable()
export class UpstreamClient implements OnModuleDestroy {
  private readonly agent: Agent;
  private readonly headersTimeout: number;
  private readonly bodyTimeout: number;
  private readonly origins = new Map<string, { origin: string; path: string }>();

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

  /** The configured bound on waiting for an upstream's response headers (ASC_UPSTREAM_HEADERS_TIMEOUT_MS). */
  get headersTimeoutMs(): number {
    return this.headersTimeout;
  }

  /** Starts the request; await `call.head` for the status. */
  start(request: UpstreamRequest, options: { headersTimeoutMs?: number } = {}): UpstreamCall {
    const { origin, path } = this.split(request.url);
    const call = new UpstreamCall();
    this.agent.dispatch(
      {
        origin,
        path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        headersTimeout: options.headersTimeoutMs ?? this.headersTimeout,
        bodyTimeout: this.bodyTimeout,
      },
      call,
    );
    return call;
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /** URL parsing per request is measurable; deployments have few distinct URLs. */
  private split(url: string): { origin: string; path: string } {
    let parts = this.origins.get(url);
    if (parts === undefined) {
      const parsed = new URL(url);
      parts = { origin: parsed.origin, path: parsed.pathname + parsed.search };
      if (this.origins.size > 10_000) this.origins.clear();
      this.origins.set(url, parts);
    }
    return parts;
  }
}

/** undici failures → typed provider errors (the client's own cancellation stays as it is). */
export function toUpstreamError(provider: string, error: unknown, afterHeaders = false): Error {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return new ProviderTimeoutError({ provider, cause: error });
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return afterHeaders ? new StreamInterruptedError({ message: `The upstream provider '${provider}' stopped sending.`, cause: error }) : new ProviderTimeoutError({ provider, cause: error });
  }
  if (error instanceof undiciErrors.RequestAbortedError) return error;
  if (afterHeaders) return new StreamInterruptedError({ message: `The upstream provider '${provider}' stream failed before it completed.`, cause: error });
  return new ProviderUnavailableError({ provider, cause: error });
}
