import type { Provider } from '@nestjs/common';
import { createPolicyMetrics, METRICS_REGISTRY, type MetricsRegistry, type PolicyMetrics } from '@asc/telemetry';
import { DECISION_AUDIT, type DecisionAuditSink } from '../decisions/decision-audit';

/** Injection token of the policy service's Prometheus instruments (served at GET /metrics on the admin HTTP port). */
export const POLICY_METRICS = Symbol('POLICY_METRICS');

export const policyMetricsProvider: Provider<PolicyMetrics> = {
  provide: POLICY_METRICS,
  inject: [METRICS_REGISTRY, DECISION_AUDIT],
  useFactory: (registry: MetricsRegistry, audit: DecisionAuditSink) =>
    createPolicyMetrics(registry, audit.spoolDepth === undefined ? {} : { spoolDepth: () => audit.spoolDepth!() }),
};

export type { PolicyMetrics };
