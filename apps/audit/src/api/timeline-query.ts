import { z } from 'zod';
import { InvalidRequestError } from '@asc/errors';
import type { TimelineFilter, TimelinePosition } from '../chain/audit-reader';

/**
 * Query string of the timeline and export routes:
 *   from, to   RFC 3339 times (from inclusive, to exclusive)
 *   kind       comma-separated kinds: request, policy.decision, admin.change, budget.crossed, spool.shed, … plus the
 *              views `fallback` (requests served after a fallback) and `policy.denied` (denying policy decisions)
 *   key        virtual key id;  model  model asked for
 *   limit      page size, 1..1000 (default 100; timeline only);  cursor  `nextCursor` of the previous page
 */
const time = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const querySchema = z.object({
  from: time.optional(),
  to: time.optional(),
  kind: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)*$/, 'expected entity.verb in lower case')).min(1))
    .optional(),
  key: z.string().min(1).max(200).optional(),
  model: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(500).optional(),
});

export interface TimelineQuery {
  filter: TimelineFilter;
  after: TimelinePosition | undefined;
  limit: number;
}

export function parseTimelineQuery(tenantId: string, query: unknown): TimelineQuery {
  const parsed = querySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidRequestError({ message: `Invalid query parameter '${issue.path.join('.')}': ${issue.message}`, param: issue.path.join('.') });
  }
  const q = parsed.data;
  const filter: TimelineFilter = { tenantId };
  if (q.from) filter.from = q.from;
  if (q.to) filter.to = q.to;
  if (q.kind) filter.kinds = q.kind;
  if (q.key) filter.keyId = q.key;
  if (q.model) filter.model = q.model;
  return { filter, after: q.cursor === undefined ? undefined : decodeCursor(tenantId, q.cursor), limit: q.limit };
}

/**
 * Cursors are opaque to clients but not secret: a position (time in µs, seq) bound to its tenant. The tenant in the
 * query always comes from the authorised path, so a cursor cannot widen access; one minted for another tenant is refused.
 */
export function encodeCursor(tenantId: string, position: TimelinePosition): string {
  return Buffer.from(JSON.stringify({ v: 1, t: tenantId, u: position.timeUs, s: position.seq })).toString('base64url');
}

const cursorSchema = z.object({ v: z.literal(1), t: z.string(), u: z.string().regex(/^-?\d{1,19}$/), s: z.number().int().nonnegative() });

function decodeCursor(tenantId: string, cursor: string): TimelinePosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success || parsed.data.t !== tenantId) throw new InvalidRequestError({ message: 'Invalid cursor for this tenant.', param: 'cursor' });
  return { timeUs: parsed.data.u, seq: parsed.data.s };
}
