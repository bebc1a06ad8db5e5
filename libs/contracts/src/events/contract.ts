import type { z } from 'zod';

/**
 * One Kafka event contract: the schema, the topic that carries it and the partition key, defined once and imported
 * by both producers and consumers. A published contract never changes; a breaking change is a new `vN` file beside it.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  /** `entity.past-tense-verb.vN`, also sent in the `schema` header. */
  readonly name: string;
  readonly version: number;
  readonly topic: string;
  /** `content-type` header value: `application/json`, or `application/cloudevents+json` for CloudEvents envelopes. */
  readonly contentType: string;
  readonly schema: S;
  /** Partition key: every event of one key lands on one partition, in order. */
  readonly key: (event: z.output<S>) => string;
  /** A valid example, used by tests and the README. */
  readonly fixture: z.output<S>;
}

export type EventOf<C> = C extends EventContract<infer S> ? z.output<S> : never;
/** What a producer passes in (before defaults are applied). */
export type EventInputOf<C> = C extends EventContract<infer S> ? z.input<S> : never;

export function defineEventContract<S extends z.ZodType>(contract: EventContract<S>): EventContract<S> {
  return Object.freeze(contract);
}
