export { createAuditApp } from './create-app';
export { AuditIngestService, type IngestStats } from './ingest/audit-ingest.service';
export { CheckpointScheduler } from './ingest/checkpoint-scheduler.service';
export { ChainWriter, type AppendResult } from './chain/chain-writer';
