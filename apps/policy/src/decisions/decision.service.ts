import { Inject, Injectable } from '@nestjs/common';
import { decide, type Decision, type Operation, type PolicyRequest, type RateLimiter } from '@asc/policy';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service';
import { POLICY_METRICS, type PolicyMetrics } from '../telemetry/policy-metrics';
import { DECISION_AUDIT, type DecisionAuditSink } from './decision-audit';
import { RATE_LIMITER } from './rate-limiter.provider';

/** Why a request could not be decided at all (as opposed to a deny): mapped to gRPC / HTTP status codes. */
export class CheckRejected extends Error {
  constructor(
    readonly kind: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

export interface CheckInput {
  tenant: string;
  keyId: string;
  model: string;
  regionHints: readonly string[];
  estimatedTokens: number;
  operation: string;
  prompt: string;
  requestId: string;
}

const MAX_PROMPT_CHARS = 1_000_000;

/**
 * The service side of a decision: validate the request, evaluate it against the current snapshot with
 * `@asc/policy` (the same library the gateway uses locally), charge the rate limits, record the audit event.
 */
@Injectable()
export class DecisionService {
  constructor(
    private readonly snapshots: PolicySnapshotService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(DECISION_AUDIT) private readonly audit: DecisionAuditSink,
    @Inject(POLICY_METRICS) private readonly metrics: PolicyMetrics,
  ) {}

  async check(input: CheckInput, source: 'grpc' | 'envoy' | 'http'): Promise<Decision> {
    const request = validate(input);
    const current = this.snapshots.snapshot;
    if (current === undefined) throw new CheckRejected('UNAVAILABLE', 'The policy snapshot is not loaded yet.');
    if (current.compiled.view(request.tenant, undefined) === undefined) {
      throw new CheckRejected('NOT_FOUND', `Tenant '${request.tenant}' does not exist.`);
    }
    const startedAt = performance.now();
    const decision = await decide(current.compiled, request, this.limiter);
    if (decision.reasons.length === 1 && decision.reasons[0]!.code === 'INVALID_REQUEST') {
      throw new CheckRejected('INVALID_ARGUMENT', decision.reasons[0]!.message);
    }
    this.count(decision, performance.now() - startedAt);
    this.audit.record({ decision, model: request.model, requestId: input.requestId, source, atMs: Date.now() });
    return decision;
  }

  private count(decision: Decision, elapsedMs: number): void {
    this.metrics.decisionDuration.observe({}, elapsedMs / 1000);
    this.metrics.decisions.inc({ decision: decision.allowed ? 'allow' : 'deny' });
    for (const reason of decision.reasons) this.metrics.denials.inc({ tenant: decision.tenantId, reason: reason.code });
  }
}

function validate(input: CheckInput): PolicyRequest {
  const problems: string[] = [];
  if (!input.tenant) problems.push('tenant is required');
  if (!input.model) problems.push('model is required');
  if (input.operation !== '' && input.operation !== 'chat' && input.operation !== 'embeddings') problems.push(`operation must be chat or embeddings, not '${input.operation}'`);
  if (input.prompt.length > MAX_PROMPT_CHARS) problems.push(`prompt is longer than ${MAX_PROMPT_CHARS} characters`);
  for (const hint of input.regionHints) if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(hint)) problems.push(`region hint '${hint}' is not a region like eu or eu-west-1`);
  if (problems.length > 0) throw new CheckRejected('INVALID_ARGUMENT', problems.join('; '));
  return {
    tenant: input.tenant,
    keyId: input.keyId || undefined,
    model: input.model,
    regionHints: input.regionHints,
    estimatedTokens: input.estimatedTokens,
    operation: (input.operation || 'chat') as Operation,
    prompt: input.prompt || undefined,
  };
}
