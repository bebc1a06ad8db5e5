import { Controller, Get, HttpCode, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';

/**
 * The OpenAI-compatible surface's non-proxy endpoints. `POST /v1/chat/completions` and `/v1/embeddings` are
 * served by the DataPlaneHandler (see data-plane/).
 */
@Controller('v1')
export class OpenAIController {
  constructor(private readonly auth: AuthService) {}

  /** Only the models the caller's tenant may use. */
  @Get('models')
  @HttpCode(200)
  listModels(@Req() req: FastifyRequest): { object: 'list'; data: { id: string; object: 'model'; created: number; owned_by: string }[] } {
    const principal = this.auth.authenticate(req.headers);
    return {
      object: 'list',
      data: principal.models.listed.map((m) => ({ id: m.id, object: 'model', created: m.created, owned_by: m.ownedBy })),
    };
  }
}
