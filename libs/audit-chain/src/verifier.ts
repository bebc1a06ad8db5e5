import { GENESIS_HASH, chainHash } from './chain-hash';
import { checkCheckpointSignature, type SignedCheckpoint } from './checkpoint';
import type { PublicKey } from './signing-key';

/**
 * Verifies one tenant's chain (see chain-hash.ts) and its signed checkpoints, streaming: rows are read once, in
 * sequence order, with one row of lookahead, so a chain of any length verifies in constant memory.
 *
 * It stops at the FIRST break and names it:
 *  - `deleted`:   a sequence number is missing (gap), or a signed checkpoint lies beyond the end of the chain (truncated);
 *  - `inserted`:  a row whose removal makes the following row verify again (the rows after it were renumbered), or a
 *                 sequence number that goes backwards;
 *  - `altered`:   a row whose content no longer hashes to its stored hash, whose stored fields disagree with its
 *                 record, or that does not follow its predecessor;
 *  - `rewritten`: every row links up, but a signed checkpoint disagrees with the recomputed head: the chain was
 *                 recomputed after tampering. The break names the first record after the last checkpoint that held;
 *  - `bad-checkpoint`: a checkpoint whose signature is invalid or made with an untrusted key.
 * Records after the last checkpoint are protected by the hash links only: a rewrite of that tail is detectable
 * only once the next checkpoint is signed, so checkpoints are signed every N records or T seconds.
 */
export interface ChainRow {
  seq: number;
  /** Event id of the record. */
  id: string;
  /** Stored hash, hex. */
  hash: string;
  /** The record's canonical JSON exactly as stored. */
  record: string;
}

export type ChainBreakKind = 'altered' | 'inserted' | 'deleted' | 'rewritten' | 'bad-checkpoint';

export interface ChainBreak {
  kind: ChainBreakKind;
  /** Sequence number of the first bad (or first missing) record. */
  seq: number;
  /** Event id of that record; null when the record is missing. */
  id: string | null;
  reason: string;
}

export interface VerifyChainOptions {
  tenantId: string;
  /** Ascending by `seq`. */
  rows: Iterable<ChainRow> | AsyncIterable<ChainRow>;
  checkpoints: readonly SignedCheckpoint[];
  trustedKeys: ReadonlyMap<string, PublicKey>;
  /** Extra per-row check (e.g. indexed columns agree with the record); returns why the row is bad, or null. */
  checkRow?: (row: ChainRow, record: Record<string, unknown>) => string | null;
}

export interface VerifyReport {
  tenantId: string;
  intact: boolean;
  /** Rows verified before the first break (all rows when intact). */
  records: number;
  headSeq: number;
  headHash: string;
  checkpoints: { total: number; verified: number; lastVerifiedSeq: number | null };
  firstBreak: ChainBreak | null;
}

export async function verifyChain(options: VerifyChainOptions): Promise<VerifyReport> {
  const { tenantId, trustedKeys } = options;
  const checkpoints = [...options.checkpoints].sort((a, b) => a.seq - b.seq);
  let cpIndex = 0;
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let verifiedCheckpoints = 0;
  let lastGoodCheckpoint = 0;
  let firstIdAfterGood: string | null = null;

  const report = (firstBreak: ChainBreak | null): VerifyReport => ({
    tenantId,
    intact: firstBreak === null,
    records: expected - 1,
    headSeq: expected - 1,
    headHash: prevHash,
    checkpoints: { total: checkpoints.length, verified: verifiedCheckpoints, lastVerifiedSeq: lastGoodCheckpoint === 0 ? null : lastGoodCheckpoint },
    firstBreak,
  });

  const iterator = toAsyncIterator(options.rows);
  let next = await iterator.next();
  while (!next.done) {
    const row = next.value;
    next = await iterator.next();
    const lookahead = next.done ? undefined : next.value;

    if (row.seq < expected) {
      return report({ kind: 'inserted', seq: row.seq, id: row.id, reason: `sequence ${row.seq} appears after ${expected - 1}` });
    }
    if (row.seq > expected) {
      const missing = row.seq - 1 === expected ? `${expected}` : `${expected}..${row.seq - 1}`;
      return report({ kind: 'deleted', seq: expected, id: null, reason: `record(s) ${missing} missing before ${row.id} (seq ${row.seq})` });
    }
    const invalid = checkRecord(row, tenantId, options.checkRow);
    if (invalid !== null) return report({ kind: 'altered', seq: row.seq, id: row.id, reason: invalid });
    if (chainHash(prevHash, row.seq, row.record) !== row.hash) {
      // If the next row links to this row's predecessor one position earlier, this row was slipped in.
      if (lookahead && lookahead.seq === row.seq + 1 && chainHash(prevHash, row.seq, lookahead.record) === lookahead.hash) {
        return report({ kind: 'inserted', seq: row.seq, id: row.id, reason: 'not part of the chain: the next record links to the record before it' });
      }
      return report({
        kind: 'altered',
        seq: row.seq,
        id: row.id,
        reason: 'stored hash does not match the record and its predecessor (record altered, or a record before it removed)',
      });
    }
    if (row.seq === lastGoodCheckpoint + 1) firstIdAfterGood = row.id;
    prevHash = row.hash;
    expected += 1;

    for (; cpIndex < checkpoints.length && checkpoints[cpIndex]!.seq <= row.seq; cpIndex++) {
      const cp = checkpoints[cpIndex]!;
      const problem = checkpointProblem(cp, tenantId, trustedKeys);
      if (problem !== null) return report({ kind: 'bad-checkpoint', seq: cp.seq, id: cp.seq === row.seq ? row.id : null, reason: problem });
      if (cp.seq === row.seq && cp.headHash !== row.hash) {
        return report({
          kind: 'rewritten',
          seq: lastGoodCheckpoint + 1,
          id: firstIdAfterGood,
          reason: `checkpoint at seq ${cp.seq} signed head ${cp.headHash.slice(0, 16)}… but the chain now has ${row.hash.slice(0, 16)}…: records ${lastGoodCheckpoint + 1}..${cp.seq} were rewritten`,
        });
      }
      verifiedCheckpoints += 1;
      lastGoodCheckpoint = cp.seq;
    }
  }

  for (; cpIndex < checkpoints.length; cpIndex++) {
    const cp = checkpoints[cpIndex]!;
    const problem = checkpointProblem(cp, tenantId, trustedKeys);
    if (problem !== null) return report({ kind: 'bad-checkpoint', seq: cp.seq, id: null, reason: problem });
    return report({ kind: 'deleted', seq: expected, id: null, reason: `checkpoint signed at seq ${cp.seq} but the chain ends at seq ${expected - 1} (records removed from the end)` });
  }
  return report(null);
}

function checkRecord(row: ChainRow, tenantId: string, extra: VerifyChainOptions['checkRow']): string | null {
  let record: unknown;
  try {
    record = JSON.parse(row.record);
  } catch {
    return 'stored record is not JSON';
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'stored record is not a JSON object';
  const fields = record as Record<string, unknown>;
  if (fields['id'] !== row.id) return `record id ${String(fields['id'])} differs from the row's event id`;
  if (fields['tenantId'] !== tenantId) return `record belongs to tenant ${String(fields['tenantId'])}`;
  return extra ? extra(row, fields) : null;
}

function checkpointProblem(cp: SignedCheckpoint, tenantId: string, trustedKeys: ReadonlyMap<string, PublicKey>): string | null {
  if (cp.tenantId !== tenantId) return `checkpoint at seq ${cp.seq} names tenant ${cp.tenantId}`;
  const signature = checkCheckpointSignature(cp, trustedKeys);
  if (signature === 'unknown-key') return `checkpoint at seq ${cp.seq} is signed with untrusted key ${cp.keyId}`;
  if (signature === 'invalid') return `checkpoint at seq ${cp.seq} has an invalid signature`;
  return null;
}

function toAsyncIterator<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  const sync = source[Symbol.iterator]();
  return { next: async () => sync.next() };
}
