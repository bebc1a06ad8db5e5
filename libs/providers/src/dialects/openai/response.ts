/**
 * Canonical response -> OpenAI `chat.completion` body (https://platform.openai.com/docs/api-reference/chat/object):
 * `{"id","object":"chat.completion","created","model","choices":[{"index":0,"message":{"role":"assistant",
 * "content","refusal":null,"tool_calls"?},"logprobs":null,"finish_reason"}],"usage":{…}}`.
 */
import type { ChatResponse } from '@asc/contracts';
import { toOpenAiFinishReason } from '../../openai-compatible/finish-reason';
import { toOpenAiUsage } from '../../openai-compatible/usage';

export function toOpenAiResponse(args: { response: ChatResponse; clientModel: string }): string {
  const { response } = args;
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: response.text.length > 0 || response.toolCalls.length === 0 ? response.text : null,
    refusal: null,
  };
  if (response.toolCalls.length > 0) {
    message['tool_calls'] = response.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  return JSON.stringify({
    id: response.id,
    object: 'chat.completion',
    created: response.created,
    model: args.clientModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAiFinishReason(response.finishReason) }],
    usage: toOpenAiUsage(response.usage),
  });
}
