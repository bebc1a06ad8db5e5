import type { Usage } from '@asc/providers';
import type { RouteCandidate } from '../config-snapshot/snapshot';

export interface RequestAttempt {
  deploymentId: string;
  error?: string;
  httpStatus?: number;
}

export type RequestStatus = 'succeeded' | 'failed' | 'interrupted' | 'cancelled' | 'denied';

/** What happened to one proxied request: the input to usage and audit events. */
export interface RequestOutcome {
  status: RequestStatus;
  httpStatus: number;
  streamed: boolean;
  served: RouteCandidate | undefined;
  /** The last deployment tried when none served; usage (estimated) may still be owed to it. */
  lastTried?: RouteCandidate;
  attempts: readonly RequestAttempt[];
  usage: Usage | undefined;
  latencyMs: number;
  timeToFirstTokenMs: number | undefined;
  errorCode?: string;
}

/** The outcome of a request that no deployment served (all failed, or the client left first). */
export function unservedOutcome(args: {
  error: unknown;
  cancelled: boolean;
  streamed: boolean;
  attempts: readonly RequestAttempt[];
  latencyMs: number;
}): RequestOutcome {
  const error = args.error as { httpStatus?: number; code?: string } | undefined;
  return {
    status: args.cancelled ? 'cancelled' : 'failed',
    httpStatus: args.cancelled ? 499 : (error?.httpStatus ?? 502),
    streamed: args.streamed,
    served: undefined,
    attempts: args.attempts,
    usage: undefined,
    latencyMs: args.latencyMs,
    timeToFirstTokenMs: undefined,
    errorCode: args.cancelled ? 'CLIENT_CANCELLED' : (error?.code ?? 'UNKNOWN'),
  };
}

/** The outcome of a request the policy refused (nothing was sent upstream). */
export function deniedOutcome(args: { error: unknown; streamed: boolean; latencyMs: number }): RequestOutcome {
  const error = args.error as { httpStatus?: number; code?: string } | undefined;
  return {
    status: 'denied',
    httpStatus: error?.httpStatus ?? 403,
    streamed: args.streamed,
    served: undefined,
    attempts: [],
    usage: undefined,
    latencyMs: args.latencyMs,
    timeToFirstTokenMs: undefined,
    errorCode: error?.code ?? 'POLICY_DENIED',
  };
}
