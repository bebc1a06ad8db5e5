/**
 * Mistral Chat Completions wire shape (OpenAI-like, with its own differences):
 *   unary  {"id":"<32 hex>","object":"chat.completion","model","usage":{"prompt_tokens","completion_tokens",
 *          "total_tokens"},"created","choices":[{"index":0,"message":{"role","content","tool_calls","prefix"},
 *          "finish_reason"}]}
 *   stream `data: {"object":"chat.completion.chunk",…}` frames; the last chunk always carries the finish reason and
 *          `usage` (no stream_options); a tool call arrives whole in the final delta (with finish reason and usage),
 *          its id 9 alphanumerics; `data: [DONE]`.
 * https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 * https://docs.mistral.ai/capabilities/function_calling/
 */
import { streamPieces, type ChatPlan } from '../chat/chat-request';
import { ids } from '../chat/ids';
import type { StreamScript } from './stream-script';

const FINISH: Record<ChatPlan['finish'], string> = { stop: 'stop', length: 'length', tool: 'tool_calls' };

// Mistral's key order: prompt, total, completion.
function usage(plan: ChatPlan): object {
  return {
    prompt_tokens: plan.inputTokens,
    total_tokens: plan.inputTokens + plan.outputTokens,
    completion_tokens: plan.outputTokens,
  };
}

function toolCalls(plan: ChatPlan): object[] | null {
  if (!plan.tool) return null;
  return [{ id: ids.mistralToolCall(), function: { name: plan.tool.name, arguments: plan.tool.arguments }, index: 0 }];
}

export function mistralChatUnary(plan: ChatPlan): string {
  return JSON.stringify({
    id: ids.mistralCompletion(),
    object: 'chat.completion',
    model: plan.model,
    usage: usage(plan),
    created: Math.floor(Date.now() / 1000),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: plan.text, tool_calls: toolCalls(plan), prefix: false },
        finish_reason: FINISH[plan.finish],
      },
    ],
  });
}

export function mistralChatStream(plan: ChatPlan): StreamScript {
  const head =
    `{"id":"${ids.mistralCompletion()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},` +
    `"model":${JSON.stringify(plan.model)},"choices":[`;
  const choice = (delta: string, finish: string | null): string =>
    `{"index":0,"delta":${delta},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}`;
  const prelude = `data: ${head}${choice('{"role":"assistant","content":""}', null)}]}\n\n`;
  const usageTail = `],"usage":${JSON.stringify(usage(plan))}}\n\n`;
  const calls = toolCalls(plan);
  if (calls) {
    // The whole call arrives in one delta that also carries the finish reason and usage.
    const delta = `data: ${head}${choice(`{"tool_calls":${JSON.stringify(calls)}}`, FINISH[plan.finish])}${usageTail}`;
    return { prelude, deltas: [delta], epilogue: 'data: [DONE]\n\n' };
  }
  const deltas = streamPieces(plan).map((piece) => `data: ${head}${choice(`{"content":${JSON.stringify(piece)}}`, null)}]}\n\n`);
  const epilogue = `data: ${head}${choice('{"content":""}', FINISH[plan.finish])}${usageTail}data: [DONE]\n\n`;
  return { prelude, deltas, epilogue };
}
