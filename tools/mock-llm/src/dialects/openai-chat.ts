/**
 * OpenAI Chat Completions wire shape (also Azure OpenAI, which adds content-filter annotations):
 *   unary  {"id":"chatcmpl-…","object":"chat.completion","created","model","choices":[{"index","message":{"role",
 *          "content","refusal","annotations"},"logprobs","finish_reason"}],"usage":{…,"prompt_tokens_details":
 *          {"cached_tokens"}},"service_tier","system_fingerprint"}
 *   stream `data: {"object":"chat.completion.chunk",…,"choices":[{"index":0,"delta":{…},"finish_reason"}]}` frames,
 *          `"usage":null` on every chunk and a final `"choices":[]` usage chunk only with
 *          stream_options.include_usage, then `data: [DONE]`.
 * https://platform.openai.com/docs/api-reference/chat/create, https://platform.openai.com/docs/api-reference/chat-streaming
 * https://learn.microsoft.com/azure/ai-services/openai/reference#chat-completions
 */
import { streamPieces, type ChatPlan } from '../chat/chat-request';
import { ids } from '../chat/ids';
import type { StreamScript } from './stream-script';

export interface OpenAiChatOptions {
  azure: boolean;
  includeUsage: boolean;
}

const FINISH: Record<ChatPlan['finish'], string> = { stop: 'stop', length: 'length', tool: 'tool_calls' };

const SAFE = { filtered: false, severity: 'safe' };
const CONTENT_FILTER = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER = [{ prompt_index: 0, content_filter_results: CONTENT_FILTER }];
const CONTENT_FILTER_JSON = JSON.stringify(CONTENT_FILTER);
const PROMPT_FILTER_JSON = JSON.stringify(PROMPT_FILTER);

/** The usage object as JSON (a template: JSON.stringify of the nested object cost more than the rest of the body). */
export function openAiUsageJson(plan: ChatPlan): string {
  return (
    `{"prompt_tokens":${plan.inputTokens},"completion_tokens":${plan.outputTokens},` +
    `"total_tokens":${plan.inputTokens + plan.outputTokens},` +
    `"prompt_tokens_details":{"cached_tokens":${plan.cachedInputTokens},"audio_tokens":0},` +
    '"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}'
  );
}

export function openAiChatUnary(plan: ChatPlan, azure: boolean): string {
  let message: string;
  if (plan.tool) {
    const call = { id: ids.openAiToolCall(), type: 'function', function: { name: plan.tool.name, arguments: plan.tool.arguments } };
    message = `{"role":"assistant","content":null,"tool_calls":[${JSON.stringify(call)}],"refusal":null,"annotations":[]}`;
  } else {
    message = `{"role":"assistant","content":${JSON.stringify(plan.text)},"refusal":null,"annotations":[]}`;
  }
  // A template rather than JSON.stringify of a nested object: this is the benchmark's hot path.
  const filter = azure ? `,"content_filter_results":${plan.tool ? '{}' : CONTENT_FILTER_JSON}` : '';
  return (
    `{"id":"${ids.openAiCompletion()}","object":"chat.completion","created":${Math.floor(Date.now() / 1000)},` +
    `"model":${JSON.stringify(plan.model)},"choices":[{"index":0,"message":${message},"logprobs":null,` +
    `"finish_reason":"${FINISH[plan.finish]}"${filter}}],"usage":${openAiUsageJson(plan)},` +
    (azure ? `"prompt_filter_results":${PROMPT_FILTER_JSON},` : '"service_tier":"default",') +
    '"system_fingerprint":"fp_mock0001"}'
  );
}

export function openAiChatStream(plan: ChatPlan, options: OpenAiChatOptions): StreamScript {
  const head =
    `{"id":"${ids.openAiCompletion()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},` +
    `"model":${JSON.stringify(plan.model)},${options.azure ? '' : '"service_tier":"default",'}"system_fingerprint":"fp_mock0001","choices":[`;
  const tail = options.includeUsage ? '],"usage":null}' : ']}';
  const frame = (delta: string, finish: string | null): string =>
    `data: ${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}${tail}\n\n`;

  // Azure opens every stream with an empty-choices chunk carrying the prompt filter results.
  let prelude = options.azure
    ? `data: ${JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: PROMPT_FILTER })}\n\n`
    : '';
  let deltas: string[];
  if (plan.tool) {
    const call = { index: 0, id: ids.openAiToolCall(), type: 'function', function: { name: plan.tool.name, arguments: '' } };
    prelude += frame(`{"role":"assistant","content":null,"tool_calls":[${JSON.stringify(call)}],"refusal":null}`, null);
    deltas = plan.tool.argumentPieces.map((piece) =>
      frame(`{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}`, null),
    );
  } else {
    prelude += frame('{"role":"assistant","content":"","refusal":null}', null);
    deltas = streamPieces(plan).map((piece) => frame(`{"content":${JSON.stringify(piece)}}`, null));
  }
  let epilogue = frame('{}', FINISH[plan.finish]);
  if (options.includeUsage) epilogue += `data: ${head}],"usage":${openAiUsageJson(plan)}}\n\n`;
  epilogue += 'data: [DONE]\n\n';
  return { prelude, deltas, epilogue };
}
