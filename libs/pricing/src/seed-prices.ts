import type { PriceTable } from './price-table';

/**
 * List prices (USD per million tokens) of the demo models, from the providers' public price pages:
 * https://openai.com/api/pricing, https://www.anthropic.com/pricing#api (cache write = 5-minute TTL write),
 * https://mistral.ai/pricing#api-pricing. OpenAI and Mistral charge nothing extra to write their prompt cache, so
 * cache-write input is priced as plain input there; embeddings have no output tokens.
 */
export const SEED_PRICE_TABLES: readonly PriceTable[] = [
  {
    version: '2025-01-01',
    effectiveFrom: '2025-01-01T00:00:00.000Z',
    currency: 'USD',
    models: [
      { providers: ['openai', 'azure-openai'], model: 'gpt-4o-mini', perMillion: { input: '0.15', output: '0.60', cachedInput: '0.075', cacheWriteInput: '0.15' } },
      { providers: ['openai', 'azure-openai'], model: 'gpt-4o', perMillion: { input: '2.50', output: '10.00', cachedInput: '1.25', cacheWriteInput: '2.50' } },
      { providers: ['openai', 'azure-openai'], model: 'text-embedding-3-small', perMillion: { input: '0.02', output: '0', cachedInput: '0.02', cacheWriteInput: '0.02' } },
      { providers: ['anthropic'], model: 'claude-sonnet-4-6', perMillion: { input: '3', output: '15', cachedInput: '0.30', cacheWriteInput: '3.75' } },
      { providers: ['mistral'], model: 'mistral-small-latest', aliases: ['mistral-small-2503'], perMillion: { input: '0.10', output: '0.30', cachedInput: '0.10', cacheWriteInput: '0.10' } },
    ],
  },
];
