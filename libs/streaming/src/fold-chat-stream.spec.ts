import { describe, expect, it } from 'vitest';
import { ChatStreamFold } from './index';

describe('ChatStreamFold', () => {
  it('folds text, tool calls, finish and usage into one response', () => {
    const fold = new ChatStreamFold();
    fold.apply({ type: 'start', id: 'msg_1', model: 'm', created: 1700000000 });
    fold.apply({ type: 'text-delta', text: 'Hel' });
    fold.apply({ type: 'text-delta', text: 'lo' });
    fold.apply({ type: 'tool-call-start', index: 0, id: 'call_1', name: 'get_weather' });
    fold.apply({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' });
    fold.apply({ type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' });
    fold.apply({ type: 'usage', usage: { inputTokens: 10, cachedInputTokens: 4 } });
    fold.apply({ type: 'finish', finishReason: 'tool_calls' });
    fold.apply({ type: 'usage', usage: { outputTokens: 7 } });
    expect(fold.hasEnded).toBe(false);
    fold.apply({ type: 'end' });
    expect(fold.hasEnded).toBe(true);
    expect(fold.generatedChars).toBe(5 + 16);
    expect(fold.toResponse()).toEqual({
      id: 'msg_1',
      model: 'm',
      created: 1700000000,
      text: 'Hello',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      finishReason: 'tool_calls',
      usage: { inputTokens: 10, outputTokens: 7, cachedInputTokens: 4, cacheWriteInputTokens: 0, source: 'reported' },
    });
  });
});
