import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '@asc/errors';
import { PROVIDER_IDS, isProviderId, prepareChat, prepareEmbeddings, type DeploymentTarget } from '../index';
import { fixtureReader, runStream } from '../spec-helpers';

const fixture = fixtureReader(import.meta.url);
const target: DeploymentTarget = { provider: 'openai-compatible', baseUrl: 'http://vllm.internal:8000/v1', upstreamModel: 'meta-llama/Llama-3.1-8B-Instruct' };
const open = (body: Record<string, unknown>) =>
  prepareChat({ dialect: 'openai', body: { model: 'llama', messages: [{ role: 'user', content: 'Hello' }], ...body }, target, clientModel: 'llama' });

describe('openai-compatible (vLLM, Ollama, TGI)', () => {
  it('sends no authorization header without a key', () => {
    const exchange = open({ max_tokens: 5 });
    expect(exchange.request.url).toBe('http://vllm.internal:8000/v1/chat/completions');
    expect(exchange.request.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json' });
    expect(exchange.request.body).toMatchInlineSnapshot(`"{"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Hello"}],"max_tokens":5}"`);
  });

  it('drops the usage chunk it asked for when chunks carry no usage member at all', () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-text.vllm.sse'));
    const expected = fixture('stream-text.vllm.sse')
      .split('\n\n')
      .filter((e) => !e.includes('"usage"'))
      .join('\n\n')
      .replaceAll('"model":"meta-llama/Llama-3.1-8B-Instruct"', '"model":"llama"');
    expect(run.out).toBe(expected);
    expect(run.end).toEqual({ tail: '', complete: true, usage: { inputTokens: 12, outputTokens: 4, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
  });

  it('strips injected usage from servers that write spaced JSON', () => {
    const upstream =
      'data: {"id": "c1", "model": "meta-llama/Llama-3.1-8B-Instruct", "usage": null, "choices": [{"index": 0, "delta": {"content": "Hi"}}]}\n\n' +
      'data: {"id": "c1", "model": "meta-llama/Llama-3.1-8B-Instruct", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": null}\n\n' +
      'data: {"id": "c1", "model": "meta-llama/Llama-3.1-8B-Instruct", "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}\n\n' +
      'data: [DONE]\n\n';
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), upstream);
    expect(run.out).toBe(
      'data: {"id": "c1", "model": "llama", "choices": [{"index": 0, "delta": {"content": "Hi"}}]}\n\n' +
        'data: {"id": "c1", "model": "llama", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}\n\n' +
        'data: [DONE]\n\n',
    );
    expect(run.end.usage).toEqual({ inputTokens: 3, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('estimates usage, flagged, when the server ignores stream_options', () => {
    const run = runStream(() => open({ stream: true }).createStreamTranslator(), fixture('stream-text.no-usage.sse'));
    expect(run.end.complete).toBe(true);
    expect(run.end.usage).toEqual({ inputTokens: 7, outputTokens: 5, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'estimated' });
  });
});

describe('embeddings', () => {
  const embeddings = '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}';

  it('passes the body through with the upstream model and reports prompt tokens', () => {
    const exchange = prepareEmbeddings({
      body: { model: 'embed', input: 'The food was delicious', encoding_format: 'float' },
      target: { provider: 'openai', baseUrl: 'https://api.openai.com/v1', upstreamModel: 'text-embedding-3-small', apiKey: 'sk' },
      clientModel: 'embed',
    });
    expect(exchange.request.url).toBe('https://api.openai.com/v1/embeddings');
    expect(exchange.request.body).toMatchInlineSnapshot(`"{"model":"text-embedding-3-small","input":"The food was delicious","encoding_format":"float"}"`);
    const { body, usage } = exchange.decodeResponse(embeddings);
    expect(JSON.parse(body).model).toBe('embed');
    expect(usage).toEqual({ inputTokens: 8, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' });
  });

  it('rejects embeddings on Anthropic with a clear invalid-request error', () => {
    const call = () => prepareEmbeddings({ body: { model: 'claude', input: 'x' }, target: { provider: 'anthropic', baseUrl: 'https://api.anthropic.com', upstreamModel: 'claude-sonnet-4-20250514' }, clientModel: 'claude' });
    expect(call).toThrowError(InvalidRequestError);
    expect(call).toThrowError("The model 'claude' does not support embeddings.");
  });
});

describe('registry', () => {
  it('knows every provider id', () => {
    expect(PROVIDER_IDS).toEqual(['openai', 'azure-openai', 'openai-compatible', 'mistral', 'anthropic']);
    expect(isProviderId('mistral')).toBe(true);
    expect(isProviderId('bedrock')).toBe(false);
  });
});
