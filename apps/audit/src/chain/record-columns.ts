import type { AuditRecordedV1 } from '@asc/contracts/events';

/**
 * The indexed columns of `audit_records`, all derived from the record itself (the hash covers only the record).
 * The verifier re-derives them, so editing a column to hide a row from a filter is detected like editing the record.
 */
export interface RecordColumns {
  time: string;
  kind: string;
  actorType: string;
  actorId: string;
  /** The virtual key behind the action: the actor when a key acted, else `details.keyId` when present. */
  keyId: string | null;
  /** Model asked for: the resource when it is a model, else `details.model` when present. */
  model: string | null;
  outcome: string;
  /** A request that was retried on another deployment. */
  fallback: boolean;
  requestId: string | null;
}

export function recordColumns(record: AuditRecordedV1): RecordColumns {
  const details = record.details as Record<string, unknown>;
  const detailString = (name: string): string | null => (typeof details[name] === 'string' ? (details[name] as string) : null);
  return {
    time: record.time,
    kind: record.kind,
    actorType: record.actor.type,
    actorId: record.actor.id,
    keyId: record.actor.type === 'key' ? record.actor.id : detailString('keyId'),
    model: record.resource.type === 'model' ? record.resource.id : detailString('model'),
    outcome: record.outcome,
    fallback: details['fallback'] === true,
    requestId: record.requestId,
  };
}

/** A stored row's columns as read back for verification. */
export interface StoredColumns {
  timeMs: number;
  kind: string;
  actorType: string;
  actorId: string;
  keyId: string | null;
  model: string | null;
  outcome: string;
  fallback: boolean;
  requestId: string | null;
}

/** Names the first column that disagrees with the record, or null. */
export function columnMismatch(stored: StoredColumns, record: AuditRecordedV1): string | null {
  const expected = recordColumns(record);
  // Columns hold microseconds and JS dates milliseconds: compare at millisecond precision.
  if (Math.floor(Date.parse(expected.time)) !== stored.timeMs) return 'time column differs from the record';
  const fields = ['kind', 'actorType', 'actorId', 'keyId', 'model', 'outcome', 'fallback', 'requestId'] as const;
  for (const field of fields) if (stored[field] !== expected[field]) return `${field} column differs from the record`;
  return null;
}
