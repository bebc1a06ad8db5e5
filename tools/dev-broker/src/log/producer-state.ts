/**
 * Idempotent-producer state for one partition (KIP-98): per producer id the epoch, the last sequence and the
 * last five batches, so a retried batch is answered with its original offset instead of being written twice.
 * Rebuilt from the batch headers in the log on start, so it survives restarts with the data it describes.
 * Owned by one PartitionLog; single-threaded.
 */
const MAX_CACHED_BATCHES = 5;
const SEQUENCE_WRAP = 0x8000_0000;

interface CachedBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSeq: number;
  batches: CachedBatch[];
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'error'; readonly error: 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER' };

export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  return (baseSequence + lastOffsetDelta) % SEQUENCE_WRAP;
}

export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  check(producerId: number, epoch: number, firstSeq: number, lastSeq: number): SequenceCheck {
    const entry = this.producers.get(producerId);
    // Unknown producer (new, or its state was never written here): accept whatever sequence it starts at.
    if (!entry) return { kind: 'append' };
    if (epoch < entry.epoch) return { kind: 'error', error: 'INVALID_PRODUCER_EPOCH' };
    if (epoch > entry.epoch) {
      return firstSeq === 0 ? { kind: 'append' } : { kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
    }
    for (const b of entry.batches) {
      if (b.firstSeq === firstSeq && b.lastSeq === lastSeq) return { kind: 'duplicate', baseOffset: b.baseOffset };
    }
    if (firstSeq !== (entry.lastSeq + 1) % SEQUENCE_WRAP) {
      return { kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
    }
    return { kind: 'append' };
  }

  record(producerId: number, epoch: number, firstSeq: number, lastSeq: number, baseOffset: number): void {
    let entry = this.producers.get(producerId);
    if (!entry || entry.epoch !== epoch) {
      entry = { epoch, lastSeq, batches: [] };
      this.producers.set(producerId, entry);
    }
    entry.lastSeq = lastSeq;
    entry.batches.push({ firstSeq, lastSeq, baseOffset });
    if (entry.batches.length > MAX_CACHED_BATCHES) entry.batches.shift();
  }

  maxProducerId(): number {
    let max = -1;
    for (const id of this.producers.keys()) if (id > max) max = id;
    return max;
  }
}
