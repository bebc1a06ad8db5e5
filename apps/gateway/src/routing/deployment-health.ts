import { Injectable } from '@nestjs/common';
import { CircuitBreaker, DEFAULT_BREAKER_OPTIONS, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker';

/**
 * Live health of every deployment this gateway routes to: a circuit breaker and the number of requests in flight
 * (for least-outstanding balancing). Per process; shared by all tenants.
 */
@Injectable()
export class DeploymentHealth {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly outstanding = new Map<string, number>();
  private options: CircuitBreakerOptions = DEFAULT_BREAKER_OPTIONS;

  /** For tests and operators: breaker thresholds apply to breakers created afterwards. */
  configure(options: Partial<CircuitBreakerOptions>): void {
    this.options = { ...this.options, ...options };
    this.breakers.clear();
  }

  breaker(deploymentId: string): CircuitBreaker {
    let breaker = this.breakers.get(deploymentId);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(deploymentId, breaker);
    }
    return breaker;
  }

  inFlight(deploymentId: string): number {
    return this.outstanding.get(deploymentId) ?? 0;
  }

  started(deploymentId: string): void {
    this.outstanding.set(deploymentId, this.inFlight(deploymentId) + 1);
  }

  finished(deploymentId: string): void {
    this.outstanding.set(deploymentId, Math.max(0, this.inFlight(deploymentId) - 1));
  }

  report(): { deploymentId: string; state: CircuitState; since: string; failures: number; successes: number; consecutiveFailures: number; inFlight: number }[] {
    return [...this.breakers].map(([deploymentId, breaker]) => ({ deploymentId, ...breaker.snapshot(), inFlight: this.inFlight(deploymentId) }));
  }
}
