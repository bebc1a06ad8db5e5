import { Logger, type Provider } from '@nestjs/common';
import { MemoryRateLimiter, type RateLimiter } from '@asc/policy';
import { RedisRateLimiter } from '@asc/policy/redis';
import { POLICY_CONFIG, type PolicyConfig } from '../policy-config';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** Redis-backed buckets when REDIS_URL is set (shared by every replica), in-process ones otherwise. */
export const rateLimiterProvider: Provider<RateLimiter> = {
  provide: RATE_LIMITER,
  inject: [POLICY_CONFIG],
  useFactory: (config: PolicyConfig): RateLimiter => {
    if (config.REDIS_URL === undefined) return new MemoryRateLimiter();
    const logger = new Logger('RateLimiter');
    return new RedisRateLimiter({ redis: config.REDIS_URL, reportError: (error) => logger.warn(`redis: ${error.message}`) });
  },
};
