import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OffsetStore } from './offset-store';
import { removeDir, tempDataDir } from '../../test/support/broker-fixture';

describe('OffsetStore', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));

  it('replays commits after reopening, ignoring a torn last line, and keeps the file compact', () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = new OffsetStore(dir);
    for (let i = 1; i <= 25_000; i++) store.commit('g', [{ topic: 't', partition: i % 2, offset: i, metadata: null }]);
    store.commit('h', [{ topic: 'u', partition: 0, offset: 7, metadata: 'm' }]);
    store.close();
    const lines = readFileSync(join(dir, 'group-offsets.log'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(10_001); // compacted while running, not 25,001 lines

    // Crash mid-write: a partial JSON line at the end.
    appendFileSync(join(dir, 'group-offsets.log'), '{"g":"g","o":[["t",0,99');
    const reopened = new OffsetStore(dir);
    expect(reopened.get('g', 't', 0)).toEqual({ offset: 25_000, metadata: null });
    expect(reopened.get('g', 't', 1)).toEqual({ offset: 24_999, metadata: null });
    expect(reopened.list('h')).toEqual([{ topic: 'u', partition: 0, offset: 7, metadata: 'm' }]);
    expect(reopened.groupIds().sort()).toEqual(['g', 'h']);
    reopened.close();
    expect(readFileSync(join(dir, 'group-offsets.log'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
