import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SnapshotService } from '../config-snapshot/snapshot.service';

/** Liveness says the process serves HTTP; readiness says it has a config snapshot to route with. */
@Controller()
export class HealthController {
  constructor(private readonly snapshots: SnapshotService) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  readyz(@Res() reply: FastifyReply): void {
    const ready = this.snapshots.ready;
    void reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'starting',
      snapshotAgeMs: ready ? Date.now() - this.snapshots.current.loadedAtMs : null,
    });
  }
}
