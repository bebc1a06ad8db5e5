/** The classic rebalance protocol through the coordinator's public methods (error codes as Kafka returns them). */
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCoordinator } from './group-coordinator';
import { OffsetStore } from './offset-store';
import { removeDir, tempDataDir } from '../../test/support/broker-fixture';
import { JoinArgs } from './group';

const protocols = [{ name: 'range', metadata: Buffer.from('m') }];
const join = (memberId: string, sessionTimeoutMs = 6000): JoinArgs => ({
  memberId, clientId: 'c', clientHost: '127.0.0.1', sessionTimeoutMs, rebalanceTimeoutMs: 1000, protocolType: 'consumer', protocols,
});

describe('GroupCoordinator', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function coordinator(): GroupCoordinator {
    const dir = tempDataDir();
    const c = new GroupCoordinator(new OffsetStore(dir), { minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 60_000, initialRebalanceDelayMs: 0, tickIntervalMs: 20 });
    cleanups.push(() => c.close(), () => removeDir(dir));
    return c;
  }

  it('runs join, sync, a second member\'s rebalance, and a leave', async () => {
    const c = coordinator();
    expect((await c.join('g', join('', 1000))).errorCode).toBe(26); // INVALID_SESSION_TIMEOUT
    expect((await c.join('g2', join('ghost'))).errorCode).toBe(25); // UNKNOWN_MEMBER_ID

    const a = await c.join('g', join(''));
    expect(a).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: a.memberId });
    expect(a.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(await c.sync('g', a.memberId, 1, [[a.memberId, Buffer.from('all')]])).toEqual({ errorCode: 0, assignment: Buffer.from('all') });
    expect(c.heartbeat('g', a.memberId, 1)).toBe(0);
    expect(c.heartbeat('g', a.memberId, 0)).toBe(22); // ILLEGAL_GENERATION
    expect(c.commit('g', a.memberId, 1, [])).toBe(0);

    // B joins: the group waits for A to rejoin; A learns of it from its heartbeat.
    const bJoin = c.join('g', join(''));
    expect(c.heartbeat('g', a.memberId, 1)).toBe(27); // REBALANCE_IN_PROGRESS
    expect(c.commit('g', a.memberId, 1, [])).toBe(0); // current generation may still commit while preparing
    const a2 = await c.join('g', join(a.memberId));
    const b = await bJoin;
    expect(a2).toMatchObject({ generationId: 2, leader: a.memberId });
    expect(a2.members).toHaveLength(2);
    expect(b).toMatchObject({ generationId: 2, leader: a.memberId, members: [] });
    expect(c.commit('g', b.memberId, 2, [])).toBe(27); // CompletingRebalance: wait for the assignment

    const bSync = c.sync('g', b.memberId, 2, []);
    const aSync = await c.sync('g', a.memberId, 2, [[a.memberId, Buffer.from('p0')], [b.memberId, Buffer.from('p1')]]);
    expect(aSync.assignment).toEqual(Buffer.from('p0'));
    expect((await bSync).assignment).toEqual(Buffer.from('p1'));

    expect(c.leave('g', a.memberId)).toBe(0);
    expect(c.heartbeat('g', b.memberId, 2)).toBe(27);
    const b3 = await c.join('g', join(b.memberId));
    expect(b3).toMatchObject({ generationId: 3, leader: b.memberId });
    expect(c.leave('g', a.memberId)).toBe(25);
  });

  it('hands out a member id first for JoinGroup v4+ (KIP-394) and admits the member when it rejoins with it', async () => {
    const c = coordinator();
    const first = await c.join('g', { ...join(''), requireKnownMemberId: true });
    expect(first.errorCode).toBe(79); // MEMBER_ID_REQUIRED
    expect(first.memberId).toMatch(/^c-/);
    const joined = await c.join('g', { ...join(first.memberId), requireKnownMemberId: true });
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, memberId: first.memberId, leader: first.memberId });
    expect((await c.join('g', { ...join('made-up'), requireKnownMemberId: true })).errorCode).toBe(25);
  });

  it('removes a member that stops heartbeating once its session times out', async () => {
    const c = coordinator();
    const a = await c.join('g', join(''));
    await c.sync('g', a.memberId, 1, []);
    const b = c.join('g', join(''));
    const a2 = await c.join('g', join(a.memberId));
    await b;
    await c.sync('g', a.memberId, a2.generationId, []);
    // Only B keeps heartbeating; A's 6 s session runs out and the group rebalances without it.
    const started = Date.now();
    const bId = (await b).memberId;
    let code = 0;
    while (code === 0) {
      await new Promise((r) => setTimeout(r, 200));
      code = c.heartbeat('g', bId, 2);
    }
    expect(code).toBe(27);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5500);
    expect(await c.join('g', join(bId))).toMatchObject({ generationId: 3, leader: bId, members: [{ memberId: bId }] });
    expect(c.heartbeat('g', a.memberId, 3)).toBe(25);
  }, 15_000);
});
