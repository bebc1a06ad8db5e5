import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { ChatProxyService } from '../proxy/chat-proxy.service';
import { EmbeddingsProxyService } from '../proxy/embeddings-proxy.service';
import { RequestContextFactory } from '../proxy/request-context.factory';
import { validateEmbeddings, validateOpenAIChat } from './validate-request';

/** The OpenAI-compatible surface: point an unchanged OpenAI SDK at `<gateway>/v1` with a virtual key. */
@Controller('v1')
export class OpenAIController {
  constructor(
    private readonly contexts: RequestContextFactory,
    private readonly chat: ChatProxyService,
    private readonly embeddings: EmbeddingsProxyService,
    private readonly auth: AuthService,
  ) {}

  @Post('chat/completions')
  async chatCompletions(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.chat.handle(this.contexts.create({ req, reply, dialect: 'openai', validate: validateOpenAIChat }));
  }

  @Post('embeddings')
  async createEmbeddings(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.embeddings.handle(this.contexts.create({ req, reply, dialect: 'openai', validate: validateEmbeddings }));
  }

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
