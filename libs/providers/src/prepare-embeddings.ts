/**
 * OpenAI embeddings (https://platform.openai.com/docs/api-reference/embeddings/create): request
 * `{model, input, encoding_format?, dimensions?, user?}`, response `{object:"list", data:[{object:"embedding",
 * index, embedding}], model, usage:{prompt_tokens,total_tokens}}`. Passed through with only `model` changed; the
 * OpenAI-family providers all accept this shape (Mistral ignores what it does not know). Anthropic has no
 * embeddings API.
 */
import { InvalidRequestError, ProviderError } from '@asc/errors';
import { PROVIDER_ADAPTERS } from './registry';
import { asNumber, asObject, tryParseJson } from './shared/json';
import { replaceFirstStringField } from './shared/string-fields';
import { estimateInputTokens } from './shared/usage-estimate';
import type { DeploymentTarget, EmbeddingsExchange } from './types';

export function prepareEmbeddings(args: { body: Record<string, unknown>; target: DeploymentTarget; clientModel: string }): EmbeddingsExchange {
  const adapter = PROVIDER_ADAPTERS[args.target.provider];
  if (!adapter.embeddingsRequest) {
    throw new InvalidRequestError({ message: `The model '${args.clientModel}' does not support embeddings.`, param: 'model' });
  }
  if (args.body['input'] === undefined) throw new InvalidRequestError({ message: "'input' is required.", param: 'input' });
  const request = adapter.embeddingsRequest({ target: args.target, body: JSON.stringify({ ...args.body, model: args.target.upstreamModel }) });
  return {
    request,
    decodeResponse(bodyText) {
      const json = asObject(tryParseJson(bodyText));
      if (!json) throw new ProviderError({ provider: adapter.id, upstreamStatus: 502, message: 'The upstream provider returned an unreadable response.', upstreamBody: bodyText });
      const inputTokens = asNumber(asObject(json['usage'])?.['prompt_tokens']);
      return {
        body: replaceFirstStringField(bodyText, 'model', args.clientModel),
        usage: {
          inputTokens: inputTokens ?? estimateInputTokens(args.body),
          outputTokens: 0,
          cachedInputTokens: 0,
          cacheWriteInputTokens: 0,
          source: inputTokens !== undefined ? 'reported' : 'estimated',
        },
      };
    },
    decodeError: (response) => adapter.decodeError({ response, target: args.target, clientModel: args.clientModel }),
  };
}
