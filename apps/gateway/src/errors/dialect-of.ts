import type { ClientDialect } from '@asc/providers';

/** Which API a request speaks, for rendering errors: the Anthropic surface is `/v1/messages`, all else OpenAI. */
export function dialectOfUrl(url: string): ClientDialect {
  return url.startsWith('/v1/messages') || url.startsWith('/anthropic/') ? 'anthropic' : 'openai';
}
