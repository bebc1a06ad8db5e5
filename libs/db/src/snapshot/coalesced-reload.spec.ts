import { describe, expect, it } from 'vitest';
import { CoalescedReload } from './coalesced-reload';

describe('CoalescedReload', () => {
  it('turns a burst of calls during a load into one follow-up load that sees the latest change', async () => {
    let version = 0;
    const seen: number[] = [];
    const reload = new CoalescedReload(async () => {
      const read = version;
      await new Promise((r) => setTimeout(r, 10));
      seen.push(read);
    }, () => undefined);
    const first = reload.run();
    version = 1;
    const burst = [reload.run(), reload.run(), reload.run()];
    await Promise.all([first, ...burst]);
    expect(seen).toEqual([0, 1]);
  });

  it('rethrows only until a load has succeeded; later failures are reported and keep the last state', async () => {
    const errors: string[] = [];
    let fail = true;
    const reload = new CoalescedReload(async () => {
      if (fail) throw new Error('database away');
    }, (error) => errors.push(error.message));
    await expect(reload.run()).rejects.toThrow('database away');
    fail = false;
    await reload.run();
    fail = true;
    await expect(reload.run()).resolves.toBeUndefined();
    expect(errors).toEqual(['database away', 'database away']);
  });
});
