import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service';
import { DecisionService } from '../decisions/decision.service';
import { toCheckResponse } from '../grpc/policy.handlers';
import { AdminTokenGuard } from './admin-token.guard';
import { PolicyAdminService } from './policy-admin.service';

/** Who made a change, as recorded in admin_changes and policy revisions. */
const ACTOR = 'admin:bootstrap-token';

/**
 * The policy admin HTTP API (`/admin/v1/policy`), same bearer token as the gateway's admin API. `asc apply` and
 * `asc diff` call `plan` and `apply` with the parsed YAML file.
 */
@Controller('admin/v1/policy')
@UseGuards(AdminTokenGuard)
export class PolicyAdminController {
  constructor(
    private readonly admin: PolicyAdminService,
    private readonly snapshots: PolicySnapshotService,
    private readonly decisions: DecisionService,
  ) {}

  /** `{ file }` → the diff to the live state; nothing is written. */
  @Post('plan')
  @HttpCode(200)
  plan(@Body() body: unknown) {
    return this.admin.plan(body);
  }

  /** `{ file, expectedVersion? }` → applies the diff as one audited change (409 if the live version moved). */
  @Post('apply')
  @HttpCode(200)
  apply(@Body() body: unknown) {
    return this.admin.apply(body, ACTOR);
  }

  /** `{ policy }` (a policy document, or null to remove) for one layer: platform/platform, organization/<slug>, tenant/<slug>, key/<id>. */
  @Put(':scope/:ref')
  setLayer(@Param('scope') scope: string, @Param('ref') ref: string, @Body() body: unknown) {
    return this.admin.setLayer(scope, ref, body, ACTOR);
  }

  @Get('revisions')
  revisions(@Query('limit') limit?: string) {
    return this.admin.revisions(limit === undefined ? 50 : Number(limit) || 50);
  }

  /** The snapshot Watch streams, as JSON. */
  @Get('snapshot')
  snapshot() {
    return this.snapshots.snapshot?.snapshot ?? null;
  }

  /** A decision over HTTP (same as gRPC Check; rate limits are charged). */
  @Post('check')
  @HttpCode(200)
  async check(@Body() body: { tenant?: string; keyId?: string; model?: string; regionHints?: string[]; estimatedTokens?: number; operation?: string; prompt?: string }) {
    const decision = await this.decisions.check(
      {
        tenant: body?.tenant ?? '',
        keyId: body?.keyId ?? '',
        model: body?.model ?? '',
        regionHints: Array.isArray(body?.regionHints) ? body.regionHints.map(String) : [],
        estimatedTokens: Number.isInteger(body?.estimatedTokens) ? (body.estimatedTokens as number) : 0,
        operation: body?.operation ?? '',
        prompt: body?.prompt ?? '',
        requestId: '',
      },
      'http',
    );
    return toCheckResponse(decision);
  }
}
