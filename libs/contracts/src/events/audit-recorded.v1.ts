import { z } from 'zod';
import { defineEventContract } from './contract';
import { eventIdSchema, tenantIdSchema, timestampSchema, traceIdSchema } from './common';

/**
 * audit.recorded.v1: one auditable action, every service -> audit. Topic `asc.audit.recorded.v1`, key = tenant id
 * (platform-level changes use `PLATFORM_TENANT_ID`). `details` is structured and must not carry secrets; prompt or
 * completion text only when the tenant allows content capture (`contentCaptured: true`).
 */

/** Kinds in use today. `kind` is an open string (`entity.verb`), so adding a kind is not a breaking change. */
export const AUDIT_KINDS = ['request', 'policy.decision', 'admin.change', 'budget.crossed', 'spool.shed'] as const;
export type KnownAuditKind = (typeof AUDIT_KINDS)[number];

const SECRET_KEY = /^(password|passwd|secret|client_?secret|api_?key|authorization|access_?token|refresh_?token|private_?key)$/i;
const CONTENT_KEY = /^(prompt|messages|completion|content|input_?text|output_?text)$/i;

/**
 * What `details` must not carry, as messages: secrets anywhere, and content unless `contentCaptured`. JSON Schema
 * cannot say this, so both the zod schema and the compiled producer-edge validator (codec) call this one function.
 */
export function auditDetailsProblems(event: { details: Record<string, unknown>; contentCaptured: boolean }): string[] {
  const problems: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (SECRET_KEY.test(key)) problems.push(`details must not carry secrets (key '${key}')`);
        else if (CONTENT_KEY.test(key) && !event.contentCaptured) problems.push(`details carry content ('${key}') but contentCaptured is false`);
        visit((value as Record<string, unknown>)[key]);
      }
    }
  };
  visit(event.details);
  return problems;
}

export const auditRecordedSchemaV1 = z
  .object({
    id: eventIdSchema,
    schemaVersion: z.literal(1),
    tenantId: tenantIdSchema,
    time: timestampSchema,
    actor: z.object({ type: z.enum(['key', 'admin', 'service']), id: z.string().min(1) }),
    kind: z.string().regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)*$/, 'expected entity.verb in lower case'),
    resource: z.object({ type: z.string().min(1), id: z.string().min(1) }),
    outcome: z.enum(['success', 'failure', 'denied']),
    requestId: z.string().min(1).nullable(),
    traceId: traceIdSchema.nullable(),
    contentCaptured: z.boolean().describe('True only when the tenant allows prompt/completion text in details'),
    details: z.record(z.string(), z.json()),
  })
  .superRefine((event, ctx) => {
    for (const message of auditDetailsProblems(event)) ctx.addIssue({ code: 'custom', path: ['details'], message });
  });

export type AuditRecordedV1 = z.output<typeof auditRecordedSchemaV1>;

export const auditRecordedV1 = defineEventContract({
  name: 'audit.recorded.v1',
  version: 1,
  topic: 'asc.audit.recorded.v1',
  contentType: 'application/json',
  schema: auditRecordedSchemaV1,
  key: (event) => event.tenantId,
  fixture: {
    id: '01936b2e-8c40-7b2c-8d4e-5f6071829304',
    schemaVersion: 1,
    tenantId: 'tenant-acme',
    time: '2025-01-01T12:00:00.000Z',
    actor: { type: 'admin', id: 'admin-jane' },
    kind: 'admin.change',
    resource: { type: 'key', id: 'key-01' },
    outcome: 'success',
    requestId: null,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    contentCaptured: false,
    details: { field: 'rateLimit.rpm', from: 60, to: 120 },
  },
});
