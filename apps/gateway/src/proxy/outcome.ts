import type { Usage } from '@asc/providers';
import type { RouteCandidate } from '../config-snapshot/snapshot';

export type RequestStatus = 'succeeded' | 'failed' | 'interrupted' | 'cancelled';

/** What happened to one proxied request: the input to usage and audit events. */
export interface RequestOutcome {
  status: RequestStatus;
  httpStatus: number;
  streamed: boolean;
  served: RouteCandidate | undefined;
  /** The last deployment tried when none served; usage (estimated) may still be owed to it. */
  lastTried?: RouteCandidate;
  attempts: readonly { deploymentId: string; error?: string; httpStatus?: number }[];
  usage: Usage | undefined;
  latencyMs: number;
  timeToFirstTokenMs: number | undefined;
  errorCode?: string;
}
