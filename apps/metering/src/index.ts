export { createMeteringApp } from './create-app';
export { ingestBatch, PROCESSED_EVENTS_TABLE, type IngestContext, type IngestResult } from './ingest/ingest-batch';
export { priceBatch, type PricedBatch, type SpendRow } from './ingest/price-batch';
export { toMeteringRecord } from './ingest/metering-record';
export { OutboxRelay } from './outbox/outbox-relay';
