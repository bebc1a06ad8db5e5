import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatProxyService } from '../proxy/chat-proxy.service';
import { RequestContextFactory } from '../proxy/request-context.factory';
import { validateAnthropicMessages } from './validate-request';

/** The Anthropic Messages surface: point an unchanged Anthropic SDK at the gateway's base URL. */
@Controller('v1')
export class AnthropicController {
  constructor(
    private readonly contexts: RequestContextFactory,
    private readonly chat: ChatProxyService,
  ) {}

  @Post('messages')
  async messages(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.chat.handle(this.contexts.create({ req, reply, dialect: 'anthropic', validate: validateAnthropicMessages }));
  }
}
