import { status, type Metadata } from '@grpc/grpc-js';
import { endSpan, extractGrpcContext, SpanKind, startSpan, type Span } from '@asc/telemetry';
import type { PolicyMetrics } from '../telemetry/policy-metrics';

const STATUS_NAME: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));

export interface RpcObservation {
  readonly span: Span;
  /** Call finished with this gRPC status: ends the span, counts the call, records unary latency. */
  end(code: status, error?: unknown): void;
}

/**
 * A SERVER span continuing the caller's W3C trace from the call's metadata (OpenTelemetry RPC conventions:
 * `rpc.system=grpc`, `rpc.service`, `rpc.method`, `rpc.grpc.status_code`), plus the call's metrics.
 * Created per call.
 */
export function observeRpc(metrics: PolicyMetrics, args: { service: string; method: string; metadata: Metadata; unary: boolean }): RpcObservation {
  const startedAt = performance.now();
  const span = startSpan(`${args.service}/${args.method}`, {
    kind: SpanKind.SERVER,
    parent: extractGrpcContext(args.metadata),
    attributes: { 'rpc.system': 'grpc', 'rpc.service': args.service, 'rpc.method': args.method },
  });
  const label = args.service.startsWith('envoy.') ? `envoy.${args.method}` : args.method;
  return {
    span,
    end(code, error) {
      if (span.isRecording()) span.setAttribute('rpc.grpc.status_code', code);
      endSpan(span, code === status.OK ? undefined : (error ?? { code: STATUS_NAME[code] ?? String(code) }));
      metrics.rpcs.inc({ method: label, code: STATUS_NAME[code] ?? String(code) });
      if (args.unary) metrics.rpcDuration.observe({ method: label }, (performance.now() - startedAt) / 1000);
    },
  };
}
