import { Controller, Get } from '@nestjs/common';
import { IngestService } from '../ingest/ingest.service';
import { OutboxService } from '../outbox/outbox.service';

@Controller()
export class HealthController {
  constructor(
    private readonly ingest: IngestService,
    private readonly outbox: OutboxService,
  ) {}

  @Get('healthz')
  health() {
    return { status: 'ok', ingest: this.ingest.stats(), outboxSent: this.outbox.sentRecords() };
  }
}
