import type { DialectCodec } from './dialects/codec';
import { anthropicDialect } from './dialects/anthropic';
import { openAiDialect } from './dialects/openai';
import { AnthropicPassthroughExchange } from './exchanges/passthrough-anthropic';
import { CanonicalChatExchange } from './exchanges/canonical-exchange';
import { OpenAiPassthroughExchange } from './exchanges/passthrough-openai';
import { PROVIDER_ADAPTERS } from './registry';
import type { ChatExchange, ClientDialect, DeploymentTarget } from './types';

const DIALECTS: Readonly<Record<ClientDialect, DialectCodec>> = { openai: openAiDialect, anthropic: anthropicDialect };

/**
 * Starts one chat request: picks the passthrough when client and provider speak the same API, the canonical
 * translation otherwise. Throws InvalidRequestError when the body cannot be translated.
 */
export function prepareChat(args: { dialect: ClientDialect; body: Record<string, unknown>; target: DeploymentTarget; clientModel: string }): ChatExchange {
  const adapter = PROVIDER_ADAPTERS[args.target.provider];
  if (adapter.passthrough && adapter.nativeDialect === args.dialect) {
    const init = { adapter, body: args.body, target: args.target, clientModel: args.clientModel };
    return args.dialect === 'openai' ? new OpenAiPassthroughExchange(init) : new AnthropicPassthroughExchange(init);
  }
  return new CanonicalChatExchange({ adapter, codec: DIALECTS[args.dialect], body: args.body, target: args.target, clientModel: args.clientModel });
}
