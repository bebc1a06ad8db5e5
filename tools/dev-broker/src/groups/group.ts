/**
 * One consumer group's membership state machine (the classic rebalance protocol, as Kafka's GroupCoordinator):
 *   Empty -> PreparingRebalance -> CompletingRebalance -> Stable -> (member joins, leaves or expires) -> Preparing...
 * PreparingRebalance waits until every known member has rejoined, or the rebalance timeout removes those that
 * did not. The join then completes with a new generation: the leader gets every member's metadata, and it sends
 * the assignments in SyncGroup. Responses that must wait (join, sync) are callbacks held on the member.
 * From JoinGroup v4 a first join without a member id is answered MEMBER_ID_REQUIRED with a fresh id, and the
 * member enters the group when it rejoins with that id (KIP-394), as on Kafka 2.2+.
 * Not covered: static membership (group.instance.id is ignored).
 * Single-threaded; owned by the GroupCoordinator, which drives the timers.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes';
import { JoinGroupProtocol } from '../protocol/join-group/request';
import { JoinGroupResponse } from '../protocol/join-group/response';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface SyncResult {
  readonly errorCode: number;
  readonly assignment: Buffer;
}

export interface Member {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: JoinGroupProtocol[];
  assignment: Buffer;
  lastHeartbeat: number;
  pendingJoin: ((res: JoinGroupResponse) => void) | null;
  pendingSync: ((res: SyncResult) => void) | null;
}

export interface JoinArgs {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: JoinGroupProtocol[];
  /** JoinGroup v4+: a join without a member id first gets MEMBER_ID_REQUIRED and an id to rejoin with. */
  readonly requireKnownMemberId?: boolean;
}

const EMPTY = Buffer.alloc(0);

function failJoin(errorCode: number, memberId = ''): JoinGroupResponse {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

function sameProtocols(a: readonly JoinGroupProtocol[], b: readonly JoinGroupProtocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]?.name && p.metadata.equals(b[i].metadata));
}

export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Ids handed out with MEMBER_ID_REQUIRED, not yet used to join -> expiry time. */
  private readonly pendingMemberIds = new Map<string, number>();
  private rebalanceDeadline = 0;
  private initialDelayUntil = 0;

  constructor(
    readonly groupId: string,
    private readonly initialRebalanceDelayMs: number,
  ) {}

  join(args: JoinArgs, respond: (res: JoinGroupResponse) => void): void {
    if (this.state !== 'Empty' && (args.protocolType !== this.protocolType || !this.supportsAny(args.protocols))) {
      return respond(failJoin(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code, args.memberId));
    }
    const now = Date.now();
    if (args.memberId === '' && args.requireKnownMemberId) {
      const memberId = `${args.clientId}-${randomUUID()}`;
      this.pendingMemberIds.set(memberId, now + args.sessionTimeoutMs);
      return respond(failJoin(ErrorCode.MEMBER_ID_REQUIRED.code, memberId));
    }
    if (args.memberId === '' || this.pendingMemberIds.delete(args.memberId)) {
      const member: Member = {
        memberId: args.memberId || `${args.clientId}-${randomUUID()}`,
        clientId: args.clientId,
        clientHost: args.clientHost,
        sessionTimeoutMs: args.sessionTimeoutMs,
        rebalanceTimeoutMs: args.rebalanceTimeoutMs,
        protocols: args.protocols,
        assignment: EMPTY,
        lastHeartbeat: now,
        pendingJoin: respond,
        pendingSync: null,
      };
      this.members.set(member.memberId, member);
      this.protocolType ??= args.protocolType;
      if (this.state === 'PreparingRebalance') this.tryCompleteJoin();
      else this.prepareRebalance();
      return;
    }
    const member = this.members.get(args.memberId);
    if (!member) return respond(failJoin(ErrorCode.UNKNOWN_MEMBER_ID.code, args.memberId));
    member.lastHeartbeat = now;
    member.sessionTimeoutMs = args.sessionTimeoutMs;
    member.rebalanceTimeoutMs = args.rebalanceTimeoutMs;
    const unchanged = sameProtocols(member.protocols, args.protocols);
    if (unchanged && (this.state === 'CompletingRebalance' || (this.state === 'Stable' && member.memberId !== this.leaderId))) {
      // The member lost our join response: answer again with the current generation, no rebalance.
      return respond(this.joinResponseFor(member));
    }
    member.protocols = args.protocols;
    if (member.pendingJoin) member.pendingJoin(failJoin(ErrorCode.UNKNOWN_MEMBER_ID.code, member.memberId));
    member.pendingJoin = respond;
    if (this.state === 'PreparingRebalance') this.tryCompleteJoin();
    else this.prepareRebalance();
  }

  sync(memberId: string, generationId: number, assignments: ReadonlyArray<readonly [string, Buffer]>, respond: (res: SyncResult) => void): void {
    const member = this.members.get(memberId);
    if (!member) return respond({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID.code, assignment: EMPTY });
    if (generationId !== this.generationId) return respond({ errorCode: ErrorCode.ILLEGAL_GENERATION.code, assignment: EMPTY });
    if (this.state === 'PreparingRebalance') return respond({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS.code, assignment: EMPTY });
    member.lastHeartbeat = Date.now();
    if (this.state === 'Stable') return respond({ errorCode: 0, assignment: member.assignment });
    member.pendingSync = respond;
    if (memberId !== this.leaderId) return;
    const byMember = new Map(assignments);
    for (const m of this.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
    this.state = 'Stable';
    for (const m of this.members.values()) {
      const pending = m.pendingSync;
      m.pendingSync = null;
      pending?.({ errorCode: 0, assignment: m.assignment });
    }
  }

  heartbeat(memberId: string, generationId: number): number {
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID.code;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION.code;
    member.lastHeartbeat = Date.now();
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS.code : 0;
  }

  /** Removes a member that left or whose session expired; returns false if it was not a member. */
  remove(memberId: string): boolean {
    const member = this.members.get(memberId);
    if (!member) return false;
    this.members.delete(memberId);
    member.pendingJoin?.(failJoin(ErrorCode.UNKNOWN_MEMBER_ID.code, memberId));
    member.pendingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS.code, assignment: EMPTY });
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') this.prepareRebalance();
    else if (this.state === 'PreparingRebalance') this.tryCompleteJoin();
    return true;
  }

  /** Validates an OffsetCommit against membership; returns an error code (0 = may commit). */
  commitError(memberId: string, generationId: number): number {
    if (generationId < 0 && memberId === '' && this.state === 'Empty') return 0;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS.code;
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID.code;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION.code;
    member.lastHeartbeat = Date.now();
    return 0;
  }

  /** Called periodically by the coordinator: session expiry and rebalance deadlines. */
  tick(now: number): void {
    for (const [id, expiresAt] of this.pendingMemberIds) if (now > expiresAt) this.pendingMemberIds.delete(id);
    for (const m of [...this.members.values()]) {
      // Members waiting on our join/sync answer are not expected to heartbeat.
      if (!m.pendingJoin && !m.pendingSync && now - m.lastHeartbeat > m.sessionTimeoutMs) this.remove(m.memberId);
    }
    if (this.state === 'PreparingRebalance') {
      if (now >= this.rebalanceDeadline) {
        for (const m of [...this.members.values()]) if (!m.pendingJoin) this.members.delete(m.memberId);
        this.completeJoin();
      } else {
        this.tryCompleteJoin();
      }
    }
  }

  private supportsAny(protocols: readonly JoinGroupProtocol[]): boolean {
    if (this.members.size === 0) return true;
    return protocols.some((p) => [...this.members.values()].every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  private prepareRebalance(): void {
    const wasEmpty = this.state === 'Empty';
    for (const m of this.members.values()) {
      const pending = m.pendingSync;
      m.pendingSync = null;
      pending?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS.code, assignment: EMPTY });
    }
    this.state = 'PreparingRebalance';
    const now = Date.now();
    let timeout = 0;
    for (const m of this.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    this.rebalanceDeadline = now + timeout;
    // A new group waits a little for more members, so they share one rebalance (group.initial.rebalance.delay.ms).
    this.initialDelayUntil = wasEmpty ? now + this.initialRebalanceDelayMs : 0;
    this.tryCompleteJoin();
  }

  private tryCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if (Date.now() < this.initialDelayUntil) return;
    for (const m of this.members.values()) if (!m.pendingJoin) return;
    this.completeJoin();
  }

  private completeJoin(): void {
    this.generationId++;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.protocolName = null;
      this.leaderId = null;
      return;
    }
    if (this.leaderId === null || !this.members.has(this.leaderId)) this.leaderId = this.members.keys().next().value ?? null;
    const leader = this.members.get(this.leaderId as string) as Member;
    const common = leader.protocols.find((p) => [...this.members.values()].every((m) => m.protocols.some((q) => q.name === p.name)));
    this.protocolName = common?.name ?? (leader.protocols[0]?.name as string);
    this.state = 'CompletingRebalance';
    const now = Date.now();
    for (const m of this.members.values()) {
      const pending = m.pendingJoin;
      m.pendingJoin = null;
      m.lastHeartbeat = now;
      m.assignment = EMPTY;
      pending?.(this.joinResponseFor(m));
    }
  }

  private joinResponseFor(member: Member): JoinGroupResponse {
    const isLeader = member.memberId === this.leaderId;
    return {
      errorCode: 0,
      generationId: this.generationId,
      protocolName: this.protocolName ?? '',
      leader: this.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader
        ? [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: null, metadata: this.metadataOf(m) }))
        : [],
    };
  }

  metadataOf(member: Member): Buffer {
    return member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY;
  }
}
