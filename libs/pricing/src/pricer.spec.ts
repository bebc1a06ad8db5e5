import { describe, expect, it } from 'vitest';
import { Pricer, SEED_PRICE_TABLES, costBreakdown, estimateCost, type PriceTable, type UsageToPrice } from './index';

const pricer = new Pricer(SEED_PRICE_TABLES);
const AT = '2026-01-15T10:00:00.000Z';

function usage(provider: string, model: string, input: number, output: number, cached = 0, cacheWrite = 0, source: 'reported' | 'estimated' = 'reported'): UsageToPrice {
  return { provider, model, time: AT, usage: { inputTokens: input, outputTokens: output, cachedInputTokens: cached, cacheWriteInputTokens: cacheWrite, source } };
}

describe('Pricer with the seed price table', () => {
  it.each([
    // provider, model, input (incl. cache), output, cached, cache-write, expected cost
    ['openai', 'gpt-4o-mini', 1000, 500, 0, 0, '0.00045'],
    ['openai', 'gpt-4o-mini', 1200, 350, 1024, 0, '0.0003132'],
    ['azure-openai', 'gpt-4o-mini', 1000, 500, 0, 0, '0.00045'],
    ['openai', 'gpt-4o-2024-08-06', 1200, 350, 1024, 0, '0.00522'],
    ['openai', 'text-embedding-3-small', 12345, 0, 0, 0, '0.0002469'],
    ['anthropic', 'claude-sonnet-4-6', 2000, 300, 500, 1000, '0.0099'],
    ['anthropic', 'claude-sonnet-4-6-20260101', 1_000_000, 1_000_000, 0, 0, '18'],
    ['mistral', 'mistral-small-latest', 3, 7, 0, 0, '0.0000024'],
    ['mistral', 'mistral-small-2503', 3, 7, 0, 0, '0.0000024'],
    ['openai', 'gpt-4o-mini', 0, 0, 0, 0, '0'],
  ])('%s/%s in=%i out=%i cached=%i write=%i costs %s', (provider, model, input, output, cached, write, cost) => {
    const result = pricer.price(usage(provider, model, input, output, cached, write));
    expect(result.priced).toBe(true);
    if (!result.priced) return;
    expect(result.cost.toString()).toBe(cost);
    expect(result.currency).toBe('USD');
    expect(result.priceTableVersion).toBe('2025-01-01');
    expect(result.estimated).toBe(false);
  });

  it('splits the cached and cache-write subsets out of the input tokens', () => {
    const result = pricer.price(usage('anthropic', 'claude-sonnet-4-6', 2000, 300, 500, 1000));
    if (!result.priced) throw new Error('expected priced');
    expect(result.tokens).toEqual({ input: 500, output: 300, cachedInput: 500, cacheWriteInput: 1000 });
    const breakdown = costBreakdown(pricer, usage('anthropic', 'claude-sonnet-4-6', 2000, 300, 500, 1000))!;
    expect(Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, v.toString()]))).toEqual({
      input: '0.0015', output: '0.0045', cachedInput: '0.00015', cacheWriteInput: '0.00375',
    });
  });

  it('prices estimated usage from the estimate and flags it', () => {
    const result = pricer.price(usage('openai', 'gpt-4o-mini', 100, 100, 0, 0, 'estimated'));
    expect(result).toMatchObject({ priced: true, estimated: true });
    if (result.priced) expect(result.cost.toString()).toBe('0.000075');
  });

  it.each([
    ['openai', 'gpt-9', 'unknown_model'],
    ['anthropic', 'gpt-4o-mini', 'unknown_model'],
    ['mistral', 'mistral-large-latest', 'unknown_model'],
  ])('flags %s/%s as %s instead of pricing it at zero', (provider, model, reason) => {
    const result = pricer.price(usage(provider, model, 10, 10, 0, 0, 'estimated'));
    expect(result).toMatchObject({ priced: false, reason, priceTableVersion: '2025-01-01', estimated: true });
    expect(result.priced ? '' : result.message).toContain(`${provider}/${model}`);
  });

  it('refuses to price usage from before any price table', () => {
    expect(pricer.price({ ...usage('openai', 'gpt-4o-mini', 1, 1), time: '2020-01-01T00:00:00.000Z' })).toMatchObject({ priced: false, reason: 'no_price_table' });
  });

  it('clamps inconsistent counts and says so', () => {
    const result = pricer.price(usage('openai', 'gpt-4o-mini', 100, 0, 80, 40));
    if (!result.priced) throw new Error('expected priced');
    expect(result.tokens.input).toBe(0);
    expect(result.warning).toContain('exceed input tokens');
  });
});

describe('price table versions', () => {
  const base: PriceTable = { version: 'v1', effectiveFrom: '2026-01-01T00:00:00.000Z', currency: 'USD', models: [
    { providers: ['openai'], model: 'm', perMillion: { input: '1', output: '2', cachedInput: '0.5', cacheWriteInput: '1' } },
  ] };
  const raised: PriceTable = { ...base, version: 'v2', effectiveFrom: '2026-02-01T00:00:00.000Z', models: [
    { providers: ['openai'], model: 'm', perMillion: { input: '2', output: '4', cachedInput: '1', cacheWriteInput: '2' } },
  ] };
  const versioned = new Pricer([raised, base]);

  it.each([
    ['2026-01-31T23:59:59.999Z', 'v1', '0.000003'],
    ['2026-02-01T00:00:00.000Z', 'v2', '0.000006'],
  ])('usage at %s uses %s', (time, version, cost) => {
    const result = versioned.price({ provider: 'openai', model: 'm', time, usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0, source: 'reported' } });
    expect(result).toMatchObject({ priced: true, priceTableVersion: version });
    if (result.priced) expect(result.cost.toString()).toBe(cost);
  });

  it('rejects duplicate versions, duplicate models and negative prices', () => {
    expect(() => new Pricer([base, base])).toThrow(/unique/);
    expect(() => new Pricer([{ ...base, models: [...base.models, ...base.models] }])).toThrow(/duplicate/);
    expect(() => new Pricer([{ ...base, models: [{ ...base.models[0]!, perMillion: { ...base.models[0]!.perMillion, output: '-1' } }] }])).toThrow(/negative/);
  });
});

describe('estimateCost', () => {
  it.each([
    ['openai', 'gpt-4o-mini', 1000, 4096, '0.0026076'],
    ['anthropic', 'claude-sonnet-4-6-20260101', 2000, 1000, '0.021'],
  ])('%s/%s with %i prompt tokens and max %i output tokens reserves %s', (provider, model, input, maxOut, cost) => {
    expect(estimateCost(pricer, { provider, model, time: new Date(AT), inputTokens: input, maxOutputTokens: maxOut })?.toString()).toBe(cost);
  });

  it('has no estimate for a model without a price', () => {
    expect(estimateCost(pricer, { provider: 'openai', model: 'gpt-9', inputTokens: 1, maxOutputTokens: 1 })).toBeUndefined();
  });
});
