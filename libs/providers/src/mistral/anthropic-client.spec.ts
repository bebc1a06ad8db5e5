import { describe, expect, it } from 'vitest';
import { prepareChat, type DeploymentTarget } from '../index';
import { fixtureReader, runStream } from '../spec-helpers';

// Anthropic client -> Mistral: the Anthropic dialect codec with the Mistral adapter's overrides.
const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'mistral', baseUrl: 'https://api.mistral.ai/v1', upstreamModel: 'mistral-large-latest', apiKey: 'mk' };

describe('anthropic client -> mistral', () => {
  it('hashes Anthropic tool ids to Mistral ids consistently and uses Mistral parameter names', () => {
    const exchange = prepareChat({
      dialect: 'anthropic',
      body: {
        model: 'large',
        max_tokens: 300,
        messages: [
          { role: 'user', content: 'Status of T1001?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'retrieve_payment_status', input: { transaction_id: 'T1001' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: 'paid', is_error: false }] },
        ],
        tools: [{ name: 'retrieve_payment_status', input_schema: { type: 'object' } }],
        tool_choice: { type: 'any' },
        metadata: { user_id: 'u1' },
      },
      target,
      clientModel: 'large',
    });
    const body = JSON.parse(exchange.request.body);
    const callId = body.messages[1].tool_calls[0].id;
    expect(callId).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: callId, content: 'paid' });
    expect(body).toMatchObject({ model: 'mistral-large-latest', max_tokens: 300, tool_choice: 'any' });
    expect(body).not.toHaveProperty('user');
  });

  it('streams a Mistral tool call as an Anthropic tool_use block', () => {
    const exchange = prepareChat({ dialect: 'anthropic', body: { model: 'large', max_tokens: 300, messages: [{ role: 'user', content: 'T1001?' }], stream: true }, target, clientModel: 'large' });
    expect(JSON.parse(exchange.request.body)).not.toHaveProperty('stream_options');
    const run = runStream(() => exchange.createStreamTranslator(), fixture('stream-tool-call.sse'));
    const events = run.out.split('\n\n').filter(Boolean).map((e) => e.split('\n')[0]);
    expect(events).toEqual([
      'event: message_start',
      'event: content_block_start',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: message_delta',
      'event: message_stop',
    ]);
    expect(run.out).toContain('"content_block":{"type":"tool_use","id":"D681PevKs","name":"retrieve_payment_status","input":{}}');
    expect(run.out).toContain('"delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":167,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":28}');
    expect(run.end).toMatchObject({ complete: true, usage: { inputTokens: 167, outputTokens: 28, source: 'reported' } });
  });
});
