import { canonicalJson } from './canonical-json';
import { chainHash } from './chain-hash';

/** Where a tenant's chain ends: the last sequence number and its hash (`GENESIS_HASH` at seq 0). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface AppendedRecord<R> {
  record: R;
  seq: number;
  hash: string;
  /** Canonical JSON of the record: store exactly these bytes, they are what the hash covers. */
  canonical: string;
}

/** Extends a chain by `records`, in order. Pure: the caller persists the rows and the new head atomically. */
export function appendToChain<R>(head: ChainHead, records: readonly R[]): { rows: Array<AppendedRecord<R>>; head: ChainHead } {
  let { seq, hash } = head;
  const rows = records.map((record) => {
    const canonical = canonicalJson(record);
    seq += 1;
    hash = chainHash(hash, seq, canonical);
    return { record, seq, hash, canonical };
  });
  return { rows, head: { seq, hash } };
}
