import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditReader } from '../chain/audit-reader';
import { CurrentPrincipal } from '../auth/audit-auth.guard';
import type { Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { encodeCursor, parseTimelineQuery } from './timeline-query';
import { timelineItemJson } from './timeline-item';

const EXPORT_PAGE = 1000;

/** A tenant's audit trail in (time, seq) order: paginated JSON, or the whole filtered range as streamed JSON Lines. */
@Controller('audit/v1/tenants/:tenant')
export class TimelineController {
  constructor(
    private readonly reader: AuditReader,
    private readonly access: TenantAccess,
  ) {}

  @Get('timeline')
  async timeline(@CurrentPrincipal() principal: Principal, @Param('tenant') tenant: string, @Query() query: unknown) {
    const tenantId = this.access.resolve(principal, tenant);
    const { filter, after, limit } = parseTimelineQuery(tenantId, query);
    const rows = await this.reader.timelinePage(filter, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tenantId,
      items: page.map((r) => ({ seq: r.seq, hash: r.hash, record: JSON.parse(r.record) as unknown })),
      nextCursor: rows.length > limit && last ? encodeCursor(tenantId, last.position) : null,
    };
  }

  /** Streams page by page (keyset, 1000 rows at a time) with backpressure: memory stays flat for any range. */
  @Get('export')
  async export(@CurrentPrincipal() principal: Principal, @Param('tenant') tenant: string, @Query() query: unknown, @Res() reply: FastifyReply) {
    const tenantId = this.access.resolve(principal, tenant);
    const { filter, after } = parseTimelineQuery(tenantId, query);
    const reader = this.reader;
    async function* lines(): AsyncGenerator<string> {
      let position = after;
      for (;;) {
        const rows = await reader.timelinePage(filter, position, EXPORT_PAGE);
        if (rows.length > 0) yield rows.map((r) => `${timelineItemJson(r)}\n`).join('');
        if (rows.length < EXPORT_PAGE) return;
        position = rows[rows.length - 1]!.position;
      }
    }
    await reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${tenantId.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl"`)
      .send(Readable.from(lines()));
  }
}

