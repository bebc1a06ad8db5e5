import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { loadPolicyProto, type CheckRequest, type CheckResponse__Output, type PolicyServiceClient } from '@asc/contracts/policy';
import { InvalidRequestError, PolicyUnavailableError } from '@asc/errors';
import type { Decision, ReasonCode } from '@asc/policy';
import { contextWith, endSpan, injectGrpcMetadata, SpanKind, startSpan, type Context } from '@asc/telemetry';

const SERVICE = 'asc.policy.v1.PolicyService';

/**
 * The gateway's client of the policy service's `Check` (remote decision mode, `ASC_POLICY_DECISIONS=remote`):
 * one unary call per request, with a deadline, carrying the request's W3C trace context in gRPC metadata under a
 * CLIENT span (`rpc.system=grpc`). Fails closed: a call that cannot complete becomes `PolicyUnavailableError` (503).
 * One per process; grpc-js multiplexes concurrent calls on one HTTP/2 connection.
 */
export class RemotePolicyClient {
  private readonly client: PolicyServiceClient;

  constructor(
    address: string,
    private readonly timeoutMs: number,
  ) {
    const Service = loadPolicyProto().asc.policy.v1.PolicyService;
    this.client = new Service(address, credentials.createInsecure(), { 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000 });
  }

  async check(request: CheckRequest & { keyId: string }, parent: Context | undefined): Promise<Decision> {
    const span = startSpan(`${SERVICE}/Check`, {
      kind: SpanKind.CLIENT,
      ...(parent === undefined ? {} : { parent }),
      attributes: { 'rpc.system': 'grpc', 'rpc.service': SERVICE, 'rpc.method': 'Check' },
    });
    const metadata = injectGrpcMetadata(new Metadata(), contextWith(span, parent));
    try {
      const response = await new Promise<CheckResponse__Output>((resolve, reject) => {
        this.client.Check(request, metadata, { deadline: Date.now() + this.timeoutMs }, (error, reply) => (error ? reject(error) : resolve(reply!)));
      });
      if (span.isRecording()) span.setAttribute('rpc.grpc.status_code', status.OK);
      endSpan(span);
      return toDecision(response, request.keyId);
    } catch (error) {
      const code = (error as Partial<ServiceError>).code ?? status.UNKNOWN;
      if (span.isRecording()) span.setAttribute('rpc.grpc.status_code', code);
      endSpan(span, error);
      throw fromServiceError(error as Partial<ServiceError>);
    }
  }

  close(): void {
    this.client.close();
  }
}

/** A refusal to decide is a client error only when the request itself is bad; everything else fails closed. */
function fromServiceError(error: Partial<ServiceError>): Error {
  if (error.code === status.INVALID_ARGUMENT) return new InvalidRequestError({ message: error.details ?? 'The request is invalid.' });
  return new PolicyUnavailableError(error);
}

function toDecision(response: CheckResponse__Output, keyId: string): Decision {
  return {
    allowed: response.allowed,
    reasons: response.reasons.map((r) => ({ code: r.code as ReasonCode, message: r.message })),
    candidates: response.candidates,
    obligations: response.obligations ?? { redactions: [], maxTokens: 0, logging: 'LOGGING_LEVEL_UNSPECIFIED', budgetIds: [], redactedPrompt: '' },
    policyVersion: response.policyVersion,
    rateLimits: response.rateLimits,
    retryAfterMs: response.retryAfterMs,
    tenantId: response.tenantId,
    keyId,
    // The policy service charged the rate limits already.
    rateLimitBuckets: [],
  };
}
