import { z } from 'zod';
import { defineEventContract } from './contract';
import { decimalStringSchema, tenantIdSchema, timestampSchema, tokenCountSchema } from './common';

/**
 * metering.record.v1: one priced usage record, metering -> finance. Topic `asc.metering.records.v1`, key = tenant id.
 *
 * Wire shape: a CloudEvents 1.0 structured-mode JSON envelope (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md),
 * the format OpenMeter ingests as is (https://openmeter.io/docs/concepts/usage-events): `subject` is the tenant
 * (OpenMeter aggregates by subject), `type` selects the meters, and `data` fields are snake_case so meters address
 * them as `$.input_tokens` and group by `$.model`. Numbers in `data` are token counts; money is a decimal string.
 */
export const METERING_RECORD_TYPE = 'io.asc.metering.record.v1';

export const meteringRecordDataSchemaV1 = z.object({
  tenant_id: tenantIdSchema,
  key_id: z.string().min(1),
  request_id: z.string().min(1),
  /** The `usage.recorded.v1` event this record prices; one record per usage event. */
  usage_event_id: z.uuidv7(),
  model: z.string().min(1).describe('Model served'),
  provider: z.string().min(1),
  input_tokens: tokenCountSchema,
  output_tokens: tokenCountSchema,
  cached_input_tokens: tokenCountSchema,
  cache_write_input_tokens: tokenCountSchema,
  cost: decimalStringSchema.describe('Exact cost in `currency`, as a decimal string'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code'),
  price_table_version: z.string().min(1),
  usage_source: z.enum(['reported', 'estimated']),
});

export const meteringRecordSchemaV1 = z
  .object({
    specversion: z.literal('1.0'),
    /** Deterministic per usage event (re-pricing the same usage yields the same id), so sinks de-duplicate on it. */
    id: z.string().min(1),
    source: z.string().min(1).describe('URI-reference of the producer, e.g. asc/metering'),
    type: z.literal(METERING_RECORD_TYPE),
    subject: tenantIdSchema,
    time: timestampSchema,
    datacontenttype: z.literal('application/json'),
    data: meteringRecordDataSchemaV1,
  })
  .refine((event) => event.subject === event.data.tenant_id, { message: 'subject must equal data.tenant_id', path: ['subject'] });

export type MeteringRecordV1 = z.output<typeof meteringRecordSchemaV1>;

export const meteringRecordV1 = defineEventContract({
  name: 'metering.record.v1',
  version: 1,
  topic: 'asc.metering.records.v1',
  contentType: 'application/cloudevents+json',
  schema: meteringRecordSchemaV1,
  key: (event) => event.subject,
  fixture: {
    specversion: '1.0',
    id: 'usage-01936b2e-8c40-7a1b-9c3d-4e5f60718293',
    source: 'asc/metering',
    type: METERING_RECORD_TYPE,
    subject: 'tenant-acme',
    time: '2025-01-01T12:00:00.000Z',
    datacontenttype: 'application/json',
    data: {
      tenant_id: 'tenant-acme',
      key_id: 'key-01',
      request_id: 'req-7f3a',
      usage_event_id: '01936b2e-8c40-7a1b-9c3d-4e5f60718293',
      model: 'gpt-4o-2024-08-06',
      provider: 'openai',
      input_tokens: 1200,
      output_tokens: 350,
      cached_input_tokens: 1024,
      cache_write_input_tokens: 0,
      cost: '0.00429',
      currency: 'USD',
      price_table_version: '2025-01-01',
      usage_source: 'reported',
    },
  },
});
