import { GatewayError, ProviderError } from '@asc/errors';
import type { FallbackCondition } from './routing-policy';

/**
 * Which fallback condition a failed attempt meets, if any. `undefined` means the failure is the request's own
 * (e.g. a 400): another deployment would answer the same, so it is final. `countsAgainstDeployment` says whether
 * the deployment's circuit breaker should count it.
 */
export function classifyFailure(error: unknown): { condition: FallbackCondition | undefined; countsAgainstDeployment: boolean } {
  if (!GatewayError.is(error)) return { condition: undefined, countsAgainstDeployment: false };
  switch (error.code) {
    case 'PROVIDER_UNAVAILABLE':
      return { condition: 'connect_error', countsAgainstDeployment: true };
    case 'PROVIDER_TIMEOUT':
      return { condition: 'timeout', countsAgainstDeployment: true };
    case 'PROVIDER_ERROR': {
      const status = (error as ProviderError).upstreamStatus;
      if (status === 429) return { condition: 'rate_limited', countsAgainstDeployment: true };
      if (status === 408) return { condition: 'timeout', countsAgainstDeployment: true };
      if (status >= 500) return { condition: 'server_error', countsAgainstDeployment: true };
      // 401/403 from the provider: our credential for that deployment is bad — another deployment may work.
      if (status === 401 || status === 403) return { condition: 'server_error', countsAgainstDeployment: true };
      return { condition: undefined, countsAgainstDeployment: false };
    }
    default:
      return { condition: undefined, countsAgainstDeployment: false };
  }
}
