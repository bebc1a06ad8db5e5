import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/audit-auth.guard';
import { AuditIngestService } from '../ingest/audit-ingest.service';

@Controller()
export class HealthController {
  constructor(private readonly ingest: AuditIngestService) {}

  @Public()
  @Get('health')
  health() {
    return { status: 'ok', ingest: this.ingest.stats() };
  }
}
