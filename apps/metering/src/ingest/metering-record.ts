import { METERING_RECORD_TYPE, type MeteringRecordV1 } from '@asc/contracts/events';
import type { PricedEvent } from './price-batch';

/**
 * metering.record.v1 CloudEvent for one priced usage event (see libs/contracts/src/events/metering-record.v1.ts and
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md). The id is derived from the
 * usage event id, so re-pricing the same usage (a redelivery after a rollback) yields the same CloudEvent id and
 * finance sinks de-duplicate it. Built without a schema pass on the hot path; a spec checks it against the contract.
 */
export function toMeteringRecord(priced: PricedEvent, source: string): MeteringRecordV1 {
  const { event } = priced;
  return {
    specversion: '1.0',
    id: `usage-${event.eventId}`,
    source,
    type: METERING_RECORD_TYPE,
    subject: event.tenantId,
    time: event.eventTime,
    datacontenttype: 'application/json',
    data: {
      tenant_id: event.tenantId,
      key_id: event.keyId,
      request_id: event.requestId,
      usage_event_id: event.eventId,
      model: event.modelServed,
      provider: event.provider,
      input_tokens: event.usage.inputTokens,
      output_tokens: event.usage.outputTokens,
      cached_input_tokens: event.usage.cachedInputTokens,
      cache_write_input_tokens: event.usage.cacheWriteInputTokens,
      cost: priced.cost.toString(),
      currency: priced.currency,
      price_table_version: priced.priceTableVersion,
      usage_source: event.usage.source,
    },
  };
}
