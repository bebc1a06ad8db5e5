import { Injectable } from '@nestjs/common';
import { InvalidRequestError } from '@asc/errors';
import { POLICY_SCOPES, PolicyStore, type PolicyRevisionInfo, type PolicyScope } from '@asc/db';
import { policyDocumentSchema } from '@asc/policy';
import { z } from 'zod';
import { planPolicyFile, type Plan } from '../policy-as-code/plan';
import { policyFileSchema, type PolicyFile } from '../policy-as-code/policy-file';
import { renderDiff, type DiffLine } from '../policy-as-code/diff-lines';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service';

export interface PlanView {
  version: number;
  changed: boolean;
  lines: DiffLine[];
  text: string;
  errors: string[];
}

export interface ApplyResult extends PlanView {
  /** The new policy version, or the unchanged one when there was nothing to apply. */
  appliedVersion: number;
}

/** Policy as code (plan/apply of a policy file) and single-layer edits, over PolicyStore. */
@Injectable()
export class PolicyAdminService {
  constructor(
    private readonly store: PolicyStore,
    private readonly snapshots: PolicySnapshotService,
  ) {}

  async plan(body: unknown): Promise<PlanView> {
    return view(await this.makePlan(parseFile(body)));
  }

  async apply(body: unknown, actor: string): Promise<ApplyResult> {
    const { file, expectedVersion } = z.object({ file: z.unknown(), expectedVersion: z.number().int().min(0).optional() }).parse(body);
    const plan = await this.makePlan(parseFile({ file }));
    if (plan.errors.length > 0) throw new InvalidRequestError({ message: `The policy file cannot be applied:\n${plan.errors.map((e) => `  - ${e}`).join('\n')}` });
    if (plan.lines.length === 0) return { ...view(plan), appliedVersion: plan.version };
    const applied = await this.store.apply({
      ...plan.changes,
      actor,
      summary: summarize(plan.lines),
      diff: plan.lines,
      expectedVersion: expectedVersion ?? plan.version,
    });
    // Serve the new version at once (the NOTIFY would trigger the same reload a few ms later).
    await this.snapshots.reload();
    return { ...view(plan), appliedVersion: applied.version };
  }

  /** Sets (or with `policy: null` removes) one layer, through the same audited path as a file. */
  async setLayer(scope: string, ref: string, body: unknown, actor: string): Promise<ApplyResult> {
    if (!(POLICY_SCOPES as readonly string[]).includes(scope)) throw new InvalidRequestError({ message: `scope must be one of ${POLICY_SCOPES.join(', ')}`, param: 'scope' });
    const { policy } = z.object({ policy: z.unknown() }).parse(body);
    const live = await this.store.loadLiveState();
    const document = policy === null ? undefined : parseDocument(policy);
    const scopeId = resolveScopeId(live, scope as PolicyScope, ref);
    const current = scopeId ? live.policies.find((p) => p.scope === scope && p.scopeId === scopeId) : undefined;
    const line: DiffLine = { op: document === undefined ? '-' : current ? '~' : '+', entity: 'policy', ref: `${scope}/${ref}`, details: [] };
    const applied = await this.store.apply({
      actor,
      summary: `${line.op} policy ${line.ref}`,
      diff: [line],
      organizations: [], tenants: [], deploymentsCreate: [], deploymentsUpdate: [],
      policiesSet: document === undefined ? [] : [{ scope: scope as PolicyScope, ref, document }],
      policiesRemove: document === undefined && current ? [{ scope: scope as PolicyScope, scopeId: current.scopeId }] : [],
    });
    await this.snapshots.reload();
    return { version: live.version, changed: true, lines: [line], text: renderDiff([line]), errors: [], appliedVersion: applied.version };
  }

  revisions(limit: number): Promise<PolicyRevisionInfo[]> {
    return this.store.listRevisions(limit);
  }

  private async makePlan(file: PolicyFile): Promise<Plan> {
    return planPolicyFile(file, await this.store.loadLiveState());
  }
}

function parseFile(body: unknown): PolicyFile {
  const file = (body as { file?: unknown } | null)?.file;
  const parsed = policyFileSchema.safeParse(file);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new InvalidRequestError({ message: `Invalid policy file: ${issues.join('; ')}` });
}

function parseDocument(policy: unknown) {
  const parsed = policyDocumentSchema.safeParse(policy);
  if (parsed.success) return parsed.data;
  throw new InvalidRequestError({ message: `Invalid policy: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(policy)'}: ${i.message}`).join('; ')}` });
}

function resolveScopeId(live: Awaited<ReturnType<PolicyStore['loadLiveState']>>, scope: PolicyScope, ref: string): string | undefined {
  if (scope === 'platform') return 'platform';
  if (scope === 'organization') return live.organizations.find((o) => o.slug === ref || o.id === ref)?.id;
  if (scope === 'tenant') return live.tenants.find((t) => t.slug === ref || t.id === ref)?.id;
  return ref;
}

function view(plan: Plan): PlanView {
  return { version: plan.version, changed: plan.lines.length > 0, lines: plan.lines, text: renderDiff(plan.lines), errors: plan.errors };
}

function summarize(lines: readonly DiffLine[]): string {
  const count = (op: DiffLine['op']) => lines.filter((l) => l.op === op).length;
  return `policy file applied: ${count('+')} added, ${count('~')} changed, ${count('-')} removed`;
}
