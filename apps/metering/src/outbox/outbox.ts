import { encodeEvent, type EventContract, type EventInputOf } from '@asc/contracts/events';
import type { SqlClient } from '@asc/kafka';

/**
 * Transactional outbox (table `metering_outbox`): Kafka records are inserted in the same Postgres transaction as the
 * effect that caused them, so a committed effect always has its records and a rolled-back one has none. The relay
 * (outbox-relay.ts) sends them in id order and deletes them; a crash between send and delete re-sends, which
 * consumers absorb by event id (CloudEvent id for metering records, `updatedAt` for budget state).
 */
export interface OutboxEntry {
  topic: string;
  key: string;
  /** null = tombstone (compacted topics). */
  value: string | null;
  headers: Record<string, string>;
}

/** An entry for a contract event, validated like any producer's event. */
export function contractEntry<C extends EventContract>(contract: C, event: EventInputOf<C>): OutboxEntry {
  const encoded = encodeEvent(contract, event);
  return { topic: encoded.topic, key: encoded.key, value: encoded.value.toString('utf8'), headers: encoded.headers };
}

export async function writeOutbox(tx: SqlClient, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // One JSON parameter expanded by Postgres: node-postgres escapes text[] elements in JavaScript, which costs more
  // than the insert itself for thousands of JSON values; JSON.stringify of the whole batch is native and fast.
  await tx.query(
    `INSERT INTO metering_outbox (topic, key, value, headers)
     SELECT e->>'topic', e->>'key', e->>'value', e->'headers' FROM jsonb_array_elements($1::jsonb) AS e`,
    [JSON.stringify(entries)],
  );
}
