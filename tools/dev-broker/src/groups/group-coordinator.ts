/**
 * Group coordinator for every consumer group (this broker is the coordinator of all of them): owns the Group state
 * machines, enforces session-timeout bounds, drives session expiry and rebalance deadlines from one timer, and
 * validates and stores offset commits in the OffsetStore. Group membership is in memory only: after a broker
 * restart members get UNKNOWN_MEMBER_ID and rejoin, while committed offsets survive.
 * Single-threaded; created by the broker.
 */
import { ErrorCode } from '../protocol/error-codes';
import { JoinGroupResponse } from '../protocol/join-group/response';
import { Group, JoinArgs, SyncResult } from './group';
import { OffsetEntry, OffsetStore } from './offset-store';

export interface GroupCoordinatorOptions {
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly initialRebalanceDelayMs: number;
  readonly tickIntervalMs: number;
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly offsets: OffsetStore,
    private readonly options: GroupCoordinatorOptions,
  ) {
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const g of this.groups.values()) g.tick(now);
    }, options.tickIntervalMs);
    this.timer.unref();
  }

  get(groupId: string): Group | undefined {
    return this.groups.get(groupId);
  }

  private getOrCreate(groupId: string): Group {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new Group(groupId, this.options.initialRebalanceDelayMs);
      this.groups.set(groupId, group);
    }
    return group;
  }

  join(groupId: string, args: JoinArgs): Promise<JoinGroupResponse> {
    const fail = (errorCode: number): Promise<JoinGroupResponse> =>
      Promise.resolve({ errorCode, generationId: -1, protocolName: '', leader: '', memberId: args.memberId, members: [] });
    if (groupId === '') return fail(ErrorCode.INVALID_GROUP_ID.code);
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = this.options;
    if (args.sessionTimeoutMs < min || args.sessionTimeoutMs > max) return fail(ErrorCode.INVALID_SESSION_TIMEOUT.code);
    if (args.protocolType === '' || args.protocols.length === 0) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code);
    const group = this.groups.get(groupId);
    if (!group && args.memberId !== '') return fail(ErrorCode.UNKNOWN_MEMBER_ID.code);
    return new Promise((resolve) => (group ?? this.getOrCreate(groupId)).join(args, resolve));
  }

  sync(groupId: string, memberId: string, generationId: number, assignments: ReadonlyArray<readonly [string, Buffer]>): Promise<SyncResult> {
    const group = this.groups.get(groupId);
    if (!group) return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID.code, assignment: Buffer.alloc(0) });
    return new Promise((resolve) => group.sync(memberId, generationId, assignments, resolve));
  }

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    return this.groups.get(groupId)?.heartbeat(memberId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID.code;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    return group?.remove(memberId) ? 0 : ErrorCode.UNKNOWN_MEMBER_ID.code;
  }

  /** Validates membership and stores the offsets; the error code applies to every partition of the request. */
  commit(groupId: string, memberId: string, generationId: number, entries: readonly OffsetEntry[]): number {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID.code;
    let group = this.groups.get(groupId);
    if (!group) {
      if (generationId >= 0 || memberId !== '') return ErrorCode.UNKNOWN_MEMBER_ID.code;
      group = this.getOrCreate(groupId);
    }
    const error = group.commitError(memberId, generationId);
    if (error !== 0) return error;
    this.offsets.commit(groupId, entries);
    return 0;
  }

  /** Groups with members, plus groups known only through committed offsets (state Empty). */
  list(): Array<{ groupId: string; protocolType: string }> {
    const out = new Map<string, string>();
    for (const id of this.offsets.groupIds()) out.set(id, '');
    for (const g of this.groups.values()) if (g.state !== 'Dead') out.set(g.groupId, g.protocolType ?? '');
    return [...out].map(([groupId, protocolType]) => ({ groupId, protocolType }));
  }

  close(): void {
    clearInterval(this.timer);
    for (const g of this.groups.values()) for (const id of [...g.members.keys()]) g.remove(id);
    this.groups.clear();
    this.offsets.close();
  }
}
