/**
 * In-memory index of one segment: base offset, file position and max timestamp of every batch, in growable
 * typed arrays (no object per batch). Rebuilt from the segment file on start; never written to disk.
 */
export class BatchIndex {
  private baseOffsets = new Float64Array(64);
  private positions = new Float64Array(64);
  private maxTimestamps = new Float64Array(64);
  count = 0;

  add(baseOffset: number, position: number, maxTimestamp: number): void {
    if (this.count === this.baseOffsets.length) {
      this.baseOffsets = grow(this.baseOffsets);
      this.positions = grow(this.positions);
      this.maxTimestamps = grow(this.maxTimestamps);
    }
    this.baseOffsets[this.count] = baseOffset;
    this.positions[this.count] = position;
    this.maxTimestamps[this.count] = maxTimestamp;
    this.count++;
  }

  baseOffset(i: number): number {
    return this.baseOffsets[i] as number;
  }

  position(i: number): number {
    return this.positions[i] as number;
  }

  maxTimestamp(i: number): number {
    return this.maxTimestamps[i] as number;
  }

  /** Index of the batch that contains `offset` (last batch whose base offset is <= offset), or -1. */
  find(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.baseOffsets[mid] as number) <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** First batch whose max timestamp is >= ts, or -1. Linear: ListOffsets by time is rare. */
  findByTimestamp(ts: number): number {
    for (let i = 0; i < this.count; i++) if ((this.maxTimestamps[i] as number) >= ts) return i;
    return -1;
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}
