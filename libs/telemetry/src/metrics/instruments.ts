import type { Counter } from './counter';
import type { Gauge, GaugeOptions } from './gauge';
import { FAST_BUCKETS_SECONDS, LATENCY_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS, type Histogram } from './histogram';
import type { MetricsRegistry } from './registry';

/**
 * The ready-made ASC instruments, named per Prometheus conventions (`asc_<service>_<what>_<unit>[_total]`).
 *
 * Label cardinality is bounded by construction:
 * - `tenant`: tenant ids, bounded by the number of tenants (never key ids, user ids or request ids);
 * - `model`: the model alias the client asked for, only after it resolved against configuration (an unknown
 *   model is reported as `_unknown`, never the raw string a client sent); `provider`, `deployment`: from config;
 * - `status`, `code`, `reason`, `decision`, `type`, `outcome`: small fixed enums chosen by the caller;
 * - every metric also stops adding series at `maxSeries` (overflow goes to labels `_other`).
 */

/** Same values as the gateway's `CircuitBreaker` states. */
export type CircuitState = 'closed' | 'half-open' | 'open';
/** Values of `asc_gateway_circuit_state`: what a dashboard maps back to names. */
export const CIRCUIT_STATE_VALUE: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };

export interface GatewayMetrics {
  /** Finished requests; `status` = HTTP status code as a string ("200", "429", ...). */
  requests: Counter<'tenant' | 'model' | 'provider' | 'status'>;
  /** Failed requests by error code (`GatewayError.code`, e.g. PROVIDER_TIMEOUT). */
  errors: Counter<'tenant' | 'model' | 'provider' | 'code'>;
  /** Whole-request latency, seconds (first byte in to last byte out). */
  requestDuration: Histogram<'tenant' | 'model' | 'provider'>;
  /** Streams only: request start to first content chunk sent to the client, seconds. */
  timeToFirstToken: Histogram<'tenant' | 'model'>;
  /** Tokens billed; `type` = input | output | cache_read. */
  tokens: Counter<'tenant' | 'model' | 'type'>;
  /** Estimated spend in USD at the gateway's price table (metering holds the authoritative figure). */
  spend: Counter<'tenant' | 'model'>;
  /** A request moved to its next candidate deployment; `reason` = the gateway's FallbackCondition (rate_limited | server_error | connect_error | timeout | ttft_timeout) or circuit_open. */
  fallbacks: Counter<'tenant' | 'model' | 'reason'>;
  /** A repeated attempt on the same deployment; same `reason` values. */
  retries: Counter<'provider' | 'reason'>;
  /** Per deployment: 0 closed, 1 half-open, 2 open (see CIRCUIT_STATE_VALUE). */
  circuitState: Gauge<'deployment'>;
  /** Events held in the local spool while Kafka is unavailable. */
  spoolDepth: Gauge<never>;
  /** Requests being served right now. */
  inFlight: Gauge<never>;
}

/** Hooks for the gauges that are read at scrape time rather than pushed. */
export interface GatewayGaugeSources {
  circuitStates?: () => Iterable<readonly [deployment: string, state: CircuitState]>;
  spoolDepth?: () => number;
}

export function createGatewayMetrics(registry: MetricsRegistry, sources: GatewayGaugeSources = {}): GatewayMetrics {
  const { circuitStates, spoolDepth } = sources;
  return {
    requests: registry.counter({ name: 'asc_gateway_requests_total', help: 'Requests served by the gateway data plane.', labelNames: ['tenant', 'model', 'provider', 'status'] }),
    errors: registry.counter({ name: 'asc_gateway_errors_total', help: 'Failed data-plane requests by error code.', labelNames: ['tenant', 'model', 'provider', 'code'] }),
    requestDuration: registry.histogram({ name: 'asc_gateway_request_duration_seconds', help: 'Data-plane request latency in seconds.', labelNames: ['tenant', 'model', 'provider'], buckets: LATENCY_BUCKETS_SECONDS }),
    timeToFirstToken: registry.histogram({ name: 'asc_gateway_time_to_first_token_seconds', help: 'Streaming requests: seconds from request start to the first content chunk.', labelNames: ['tenant', 'model'], buckets: TTFT_BUCKETS_SECONDS }),
    tokens: registry.counter({ name: 'asc_gateway_tokens_total', help: 'Tokens used, by type (input, output, cache_read).', labelNames: ['tenant', 'model', 'type'] }),
    spend: registry.counter({ name: 'asc_gateway_spend_usd_total', help: 'Estimated spend in US dollars.', labelNames: ['tenant', 'model'] }),
    fallbacks: registry.counter({ name: 'asc_gateway_fallbacks_total', help: 'Requests moved to a fallback deployment, by reason.', labelNames: ['tenant', 'model', 'reason'] }),
    retries: registry.counter({ name: 'asc_gateway_retries_total', help: 'Retried upstream attempts, by reason.', labelNames: ['provider', 'reason'] }),
    circuitState: registry.gauge({
      name: 'asc_gateway_circuit_state',
      help: 'Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open.',
      labelNames: ['deployment'],
      ...(circuitStates === undefined ? {} : { collect: collectCircuitStates(circuitStates) }),
    }),
    spoolDepth: registry.gauge({ name: 'asc_gateway_spool_depth_events', help: 'Events waiting in the local spool for Kafka.', ...collectOne(spoolDepth) }),
    inFlight: registry.gauge({ name: 'asc_gateway_in_flight_requests', help: 'Data-plane requests in progress.' }),
  };
}

function collectCircuitStates(read: NonNullable<GatewayGaugeSources['circuitStates']>): (gauge: Gauge<'deployment'>) => void {
  return (gauge) => {
    gauge.reset();
    for (const [deployment, state] of read()) gauge.set({ deployment }, CIRCUIT_STATE_VALUE[state]);
  };
}

function collectOne(read: (() => number) | undefined): Pick<GaugeOptions<never>, 'collect'> {
  return read === undefined ? {} : { collect: (gauge) => gauge.set({}, read()) };
}

export interface PolicyMetrics {
  /** Every decision; `decision` = allow | deny. */
  decisions: Counter<'decision'>;
  /** Denials by reason code (e.g. MODEL_NOT_ALLOWED, RATE_LIMITED, BUDGET_EXHAUSTED, REGION_NOT_ALLOWED). */
  denials: Counter<'tenant' | 'reason'>;
  /** Time to decide, seconds. */
  decisionDuration: Histogram<never>;
  /** Finished gRPC calls; `method` = Check | Watch | envoy.Check, `code` = gRPC status name (OK, INVALID_ARGUMENT, …). */
  rpcs: Counter<'method' | 'code'>;
  /** Unary gRPC call latency (Check), seconds. */
  rpcDuration: Histogram<'method'>;
  /** Open Watch streams (gateways evaluating locally). */
  watchStreams: Gauge<never>;
  /** Decision audit events held in the local spool while Kafka is unavailable. */
  spoolDepth: Gauge<never>;
}

export function createPolicyMetrics(registry: MetricsRegistry, sources: { spoolDepth?: () => number } = {}): PolicyMetrics {
  return {
    decisions: registry.counter({ name: 'asc_policy_decisions_total', help: 'Policy decisions, by outcome.', labelNames: ['decision'] }),
    denials: registry.counter({ name: 'asc_policy_denials_total', help: 'Policy denials, by tenant and reason.', labelNames: ['tenant', 'reason'] }),
    decisionDuration: registry.histogram({ name: 'asc_policy_decision_duration_seconds', help: 'Time to reach a policy decision, in seconds.', buckets: FAST_BUCKETS_SECONDS }),
    rpcs: registry.counter({ name: 'asc_policy_grpc_requests_total', help: 'gRPC calls handled, by method and status code.', labelNames: ['method', 'code'] }),
    rpcDuration: registry.histogram({ name: 'asc_policy_grpc_request_duration_seconds', help: 'Unary gRPC call latency in seconds.', labelNames: ['method'], buckets: FAST_BUCKETS_SECONDS }),
    watchStreams: registry.gauge({ name: 'asc_policy_watch_streams', help: 'Open Watch streams.' }),
    spoolDepth: registry.gauge({ name: 'asc_policy_spool_depth_events', help: 'Decision audit events waiting in the local spool for Kafka.', ...collectOne(sources.spoolDepth) }),
  };
}

export interface ConsumerMetrics {
  /** Messages handled; `outcome` = ok | failed (handler failed, will be retried) | dead_lettered. */
  messages: Counter<'topic' | 'outcome'>;
  /** Messages behind the partition's high watermark (high watermark - committed offset). */
  lag: Gauge<'topic' | 'partition'>;
  /** Time to process one batch, seconds. */
  batchDuration: Histogram<'topic'>;
}

/**
 * For Kafka consumers (metering, audit). `service` names the metrics (`asc_metering_consumer_lag_messages`)
 * so two consumers in one process stay apart. `lag` is read at scrape time when `readLag` is given.
 */
export function createConsumerMetrics(
  registry: MetricsRegistry,
  service: string,
  readLag?: () => Iterable<{ topic: string; partition: number; lag: number }>,
): ConsumerMetrics {
  const prefix = `asc_${service}_consumer`;
  return {
    messages: registry.counter({ name: `${prefix}_messages_total`, help: 'Consumed messages, by outcome.', labelNames: ['topic', 'outcome'] }),
    lag: registry.gauge({
      name: `${prefix}_lag_messages`,
      help: 'Messages between the committed offset and the high watermark, per partition.',
      labelNames: ['topic', 'partition'],
      ...(readLag === undefined ? {} : {
        collect: (gauge: Gauge<'topic' | 'partition'>) => {
          gauge.reset();
          for (const { topic, partition, lag } of readLag()) gauge.set({ topic, partition: String(partition) }, lag);
        },
      }),
    }),
    batchDuration: registry.histogram({ name: `${prefix}_batch_duration_seconds`, help: 'Time to process one consumed batch, in seconds.', labelNames: ['topic'], buckets: FAST_BUCKETS_SECONDS }),
  };
}

export interface MeteringMetrics {
  /** Priced usage in USD, per tenant and model (the authoritative spend). */
  spend: Counter<'tenant' | 'model'>;
  /** Tokens metered; `type` = input | output | cache_read. */
  tokens: Counter<'tenant' | 'model' | 'type'>;
  /** Usage events with no price for their model. */
  unpriced: Counter<'model'>;
}

export function createMeteringMetrics(registry: MetricsRegistry): MeteringMetrics {
  return {
    spend: registry.counter({ name: 'asc_metering_spend_usd_total', help: 'Priced spend in US dollars.', labelNames: ['tenant', 'model'] }),
    tokens: registry.counter({ name: 'asc_metering_tokens_total', help: 'Metered tokens, by type.', labelNames: ['tenant', 'model', 'type'] }),
    unpriced: registry.counter({ name: 'asc_metering_unpriced_events_total', help: 'Usage events without a price for their model.', labelNames: ['model'] }),
  };
}
