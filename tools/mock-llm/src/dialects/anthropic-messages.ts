/**
 * Anthropic Messages wire shape:
 *   unary  {"id":"msg_…","type":"message","role":"assistant","model","content":[{"type":"text","text"} |
 *          {"type":"tool_use","id":"toolu_…","name","input"}],"stop_reason","stop_sequence":null,"usage":
 *          {"input_tokens","cache_creation_input_tokens","cache_read_input_tokens","output_tokens","service_tier"}}
 *   stream named SSE events: message_start (usage incl. cache fields) → content_block_start → ping →
 *          content_block_delta (text_delta | input_json_delta)… → content_block_stop → message_delta (stop_reason,
 *          cumulative output_tokens) → message_stop.
 * input_tokens excludes cache reads and writes, as in the real API.
 * https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
import { streamPieces, type ChatPlan } from '../chat/chat-request';
import { ids } from '../chat/ids';
import type { StreamScript } from './stream-script';

const STOP: Record<ChatPlan['finish'], string> = { stop: 'end_turn', length: 'max_tokens', tool: 'tool_use' };

function usage(plan: ChatPlan, outputTokens: number): object {
  const read = plan.cachedInputTokens;
  const creation = Math.min(plan.cacheCreationInputTokens, plan.inputTokens - read);
  return {
    input_tokens: plan.inputTokens - read - creation,
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: read,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function event(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

export function anthropicMessageUnary(plan: ChatPlan): string {
  const content = plan.tool
    ? [{ type: 'tool_use', id: ids.anthropicToolUse(), name: plan.tool.name, input: JSON.parse(plan.tool.arguments) as unknown }]
    : [{ type: 'text', text: plan.text }];
  return JSON.stringify({
    id: ids.anthropicMessage(),
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content,
    stop_reason: STOP[plan.finish],
    stop_sequence: null,
    usage: usage(plan, plan.outputTokens),
  });
}

export function anthropicMessageStream(plan: ChatPlan): StreamScript {
  const message = {
    id: ids.anthropicMessage(),
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: usage(plan, Math.min(1, plan.outputTokens)),
  };
  let prelude = event('message_start', JSON.stringify({ type: 'message_start', message }));
  let deltas: string[];
  if (plan.tool) {
    const block = { type: 'tool_use', id: ids.anthropicToolUse(), name: plan.tool.name, input: {} };
    prelude += event('content_block_start', JSON.stringify({ type: 'content_block_start', index: 0, content_block: block }));
    prelude += event('ping', '{"type": "ping"}');
    prelude += event('content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}');
    deltas = plan.tool.argumentPieces.map((piece) =>
      event('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(piece)}}}`),
    );
  } else {
    prelude += event('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}');
    prelude += event('ping', '{"type": "ping"}');
    deltas = streamPieces(plan).map((piece) =>
      event('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(piece)}}}`),
    );
  }
  const epilogue =
    event('content_block_stop', '{"type":"content_block_stop","index":0}') +
    event(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":"${STOP[plan.finish]}","stop_sequence":null},"usage":{"output_tokens":${plan.outputTokens}}}`,
    ) +
    event('message_stop', '{"type":"message_stop"}');
  return { prelude, deltas, epilogue };
}
