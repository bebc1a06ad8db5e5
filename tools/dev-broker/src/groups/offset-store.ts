/**
 * Committed consumer-group offsets, persisted as JSON lines in `<dataDir>/group-offsets.log`: one line per
 * OffsetCommit request, appended before the commit is acknowledged, replayed (last write wins) and compacted
 * into a fresh file on start, and again whenever superseded lines far outnumber live entries (consumers that
 * commit per message would otherwise grow it without bound). A torn last line from a crash is ignored.
 * Single-threaded.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

export interface OffsetEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | null;
}

const COMPACT_AFTER_LINES = 10_000;

type Line = { g: string; o: Array<[topic: string, partition: number, offset: number, metadata: string | null]> };

export class OffsetStore {
  /** group -> "topic\0partition" -> offset */
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();
  private fd = -1;
  private linesSinceCompaction = 0;
  private readonly path: string;

  constructor(dataDir: string) {
    const path = join(dataDir, 'group-offsets.log');
    this.path = path;
    if (existsSync(path)) {
      for (const raw of readFileSync(path, 'utf8').split('\n')) {
        if (raw.length === 0) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          continue; // torn write at the tail
        }
        for (const [topic, partition, offset, metadata] of line.o) this.set(line.g, topic, partition, { offset, metadata });
      }
    }
    this.compact();
  }

  /** Rewrites the file as one line per group with its current offsets (atomically: write, rename, reopen). */
  private compact(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, this.snapshotLines());
    renameSync(tmp, this.path);
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.linesSinceCompaction = 0;
  }

  private liveEntries(): number {
    let n = 0;
    for (const offsets of this.groups.values()) n += offsets.size;
    return n;
  }

  private set(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let offsets = this.groups.get(group);
    if (!offsets) {
      offsets = new Map();
      this.groups.set(group, offsets);
    }
    offsets.set(`${topic}\0${partition}`, value);
  }

  private snapshotLines(): string {
    let out = '';
    for (const [g, offsets] of this.groups) {
      const o: Line['o'] = [];
      for (const [key, v] of offsets) {
        const sep = key.indexOf('\0');
        o.push([key.slice(0, sep), Number(key.slice(sep + 1)), v.offset, v.metadata]);
      }
      out += `${JSON.stringify({ g, o } satisfies Line)}\n`;
    }
    return out;
  }

  /** Stores and appends to the file; returns once the line is written. */
  commit(group: string, entries: readonly OffsetEntry[]): void {
    if (entries.length === 0) return;
    const line: Line = { g: group, o: entries.map((e) => [e.topic, e.partition, e.offset, e.metadata]) };
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    for (const e of entries) this.set(group, e.topic, e.partition, { offset: e.offset, metadata: e.metadata });
    if (++this.linesSinceCompaction >= COMPACT_AFTER_LINES && this.linesSinceCompaction > 10 * this.liveEntries()) this.compact();
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(`${topic}\0${partition}`);
  }

  /** Every committed (topic, partition) of a group. */
  list(group: string): OffsetEntry[] {
    const out: OffsetEntry[] = [];
    for (const [key, v] of this.groups.get(group) ?? []) {
      const sep = key.indexOf('\0');
      out.push({ topic: key.slice(0, sep), partition: Number(key.slice(sep + 1)), offset: v.offset, metadata: v.metadata });
    }
    return out;
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  close(): void {
    closeSync(this.fd);
  }
}
