import { Inject, Injectable } from '@nestjs/common';
import { createGatewayMetrics, METRICS_REGISTRY, type GatewayMetrics, type MetricsRegistry } from '@asc/telemetry';
import type { RequestOutcome } from '../proxy/outcome';
import { DeploymentHealth } from '../routing/deployment-health';

/** Attempt error codes → the fallback reasons Prometheus reports (a small fixed set). */
const REASON_BY_CODE: Record<string, string> = {
  PROVIDER_UNAVAILABLE: 'connect_error',
  PROVIDER_TIMEOUT: 'timeout',
  TTFT_TIMEOUT: 'ttft_timeout',
  CIRCUIT_OPEN: 'circuit_open',
};

function reasonOf(attempt: { error?: string; httpStatus?: number }): string {
  if (attempt.httpStatus === 429) return 'rate_limited';
  if (attempt.httpStatus !== undefined && attempt.httpStatus >= 500) return 'server_error';
  return REASON_BY_CODE[attempt.error ?? ''] ?? 'server_error';
}

/**
 * The gateway's Prometheus instruments (`GET /metrics`), fed once per finished request from its outcome, so the
 * numbers match what usage and audit events say. Labels are bounded: tenant ids, configured model aliases and
 * providers, and small fixed sets of statuses and reasons.
 */
@Injectable()
export class GatewayMetricsService {
  readonly metrics: GatewayMetrics;

  constructor(@Inject(METRICS_REGISTRY) registry: MetricsRegistry, health: DeploymentHealth) {
    this.metrics = createGatewayMetrics(registry, {
      circuitStates: () => health.report().map((d) => [d.deploymentId, d.state] as const),
    });
  }

  requestFinished(tenant: string, model: string, outcome: RequestOutcome): void {
    const m = this.metrics;
    const provider = outcome.served?.target.provider ?? outcome.lastTried?.target.provider ?? 'none';
    m.requests.inc({ tenant, model, provider, status: outcome.status });
    if (outcome.status !== 'succeeded') m.errors.inc({ tenant, model, provider, code: outcome.errorCode ?? 'UNKNOWN' });
    m.requestDuration.observe({ tenant, model, provider }, outcome.latencyMs / 1000);
    if (outcome.streamed && outcome.timeToFirstTokenMs !== undefined) m.timeToFirstToken.observe({ tenant, model }, outcome.timeToFirstTokenMs / 1000);
    if (outcome.usage) {
      m.tokens.inc({ tenant, model, type: 'input' }, outcome.usage.inputTokens);
      m.tokens.inc({ tenant, model, type: 'output' }, outcome.usage.outputTokens);
      if (outcome.usage.cachedInputTokens > 0) m.tokens.inc({ tenant, model, type: 'cache_read' }, outcome.usage.cachedInputTokens);
    }
    const attempts = outcome.attempts;
    for (let i = 0; i < attempts.length - 1; i++) {
      const failed = attempts[i]!;
      const next = attempts[i + 1]!;
      const reason = reasonOf(failed);
      if (next.deploymentId === failed.deploymentId) m.retries.inc({ provider, reason });
      else m.fallbacks.inc({ tenant, model, reason });
    }
  }
}
