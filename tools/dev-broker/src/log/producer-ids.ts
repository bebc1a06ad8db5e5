/**
 * Allocates producer ids for InitProducerId, persisted in `<dataDir>/producer-ids.json` (written atomically before
 * the id is returned) and never below the highest id found in the logs, so ids are not reused across restarts.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class ProducerIdAllocator {
  private nextId: number;
  private readonly path: string;

  constructor(dataDir: string, maxSeenInLogs: number) {
    this.path = join(dataDir, 'producer-ids.json');
    const stored = existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as { next: number }).next : 0;
    this.nextId = Math.max(stored, maxSeenInLogs + 1);
  }

  next(): number {
    const id = this.nextId++;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ next: this.nextId }));
    renameSync(tmp, this.path);
    return id;
  }
}
