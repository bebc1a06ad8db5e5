import { Controller, Get, HttpException } from '@nestjs/common';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service';

@Controller()
export class HealthController {
  constructor(private readonly snapshots: PolicySnapshotService) {}

  /** 200 once the first policy snapshot is loaded (decisions possible), 503 before. */
  @Get('healthz')
  health() {
    const current = this.snapshots.snapshot;
    if (!current) throw new HttpException({ status: 'starting' }, 503);
    return { status: 'ok', policyVersion: current.snapshot.version };
  }
}
