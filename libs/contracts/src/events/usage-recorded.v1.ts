import { z } from 'zod';
import { defineEventContract } from './contract';
import { eventIdSchema, tenantIdSchema, timestampSchema, tokenCountSchema, traceIdSchema } from './common';

/**
 * usage.recorded.v1: one finished (or failed, or interrupted) model call, gateway -> metering.
 * Topic `asc.usage.recorded.v1`, key = tenant id. Published once per request; re-sends carry the same `eventId`.
 */
export const usageSchemaV1 = z.object({
  inputTokens: tokenCountSchema,
  outputTokens: tokenCountSchema,
  cachedInputTokens: tokenCountSchema.describe('Input tokens served from the provider prompt cache'),
  cacheWriteInputTokens: tokenCountSchema.describe('Input tokens written to the provider prompt cache'),
  /** `estimated`: the provider's usage never arrived (stream cut, error) and the gateway counted itself; never silently 0. */
  source: z.enum(['reported', 'estimated']),
});

export const usageRecordedSchemaV1 = z.object({
  eventId: eventIdSchema,
  schemaVersion: z.literal(1),
  eventTime: timestampSchema,
  tenantId: tenantIdSchema,
  keyId: z.string().min(1),
  requestId: z.string().min(1),
  traceId: traceIdSchema,
  apiDialect: z.enum(['openai', 'anthropic']).describe('The client-facing API surface the request came in on'),
  modelRequested: z.string().min(1),
  modelServed: z.string().min(1),
  provider: z.string().min(1),
  deploymentId: z.string().min(1),
  region: z.string().min(1),
  streamed: z.boolean(),
  status: z.enum(['succeeded', 'failed', 'interrupted']),
  /** GatewayError code when status is not `succeeded`. */
  errorCode: z.string().min(1).nullable(),
  usage: usageSchemaV1,
  latencyMs: z.int().nonnegative(),
  /** Null when no token was ever sent (non-streamed, or failed before the first token). */
  timeToFirstTokenMs: z.int().nonnegative().nullable(),
});

export type UsageRecordedV1 = z.output<typeof usageRecordedSchemaV1>;

export const usageRecordedV1 = defineEventContract({
  name: 'usage.recorded.v1',
  version: 1,
  topic: 'asc.usage.recorded.v1',
  contentType: 'application/json',
  schema: usageRecordedSchemaV1,
  key: (event) => event.tenantId,
  fixture: {
    eventId: '01936b2e-8c40-7a1b-9c3d-4e5f60718293',
    schemaVersion: 1,
    eventTime: '2025-01-01T12:00:00.000Z',
    tenantId: 'tenant-acme',
    keyId: 'key-01',
    requestId: 'req-7f3a',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    apiDialect: 'openai',
    modelRequested: 'gpt-4o',
    modelServed: 'gpt-4o-2024-08-06',
    provider: 'openai',
    deploymentId: 'openai-eu-1',
    region: 'eu-west-1',
    streamed: true,
    status: 'succeeded',
    errorCode: null,
    usage: { inputTokens: 1200, outputTokens: 350, cachedInputTokens: 1024, cacheWriteInputTokens: 0, source: 'reported' },
    latencyMs: 2300,
    timeToFirstTokenMs: 410,
  },
});

