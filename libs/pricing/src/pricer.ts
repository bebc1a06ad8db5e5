import { Decimal } from './decimal';
import { compilePriceTable, findModelPrice, type CompiledPriceTable, type PriceTable, type TokenKind } from './price-table';

/**
 * Prices one model call's usage exactly. `inputTokens` INCLUDES the cached and cache-write tokens (they are subsets
 * priced differently), so the uncached part is `input - cached - cacheWrite`. An unknown model is never priced at
 * zero: the result says `priced: false` and why. Usage the gateway estimated (the provider never reported it) is
 * priced from the estimate and flagged `estimated: true`.
 */
export interface UsageToPrice {
  provider: string;
  model: string;
  /** When the usage happened: selects the price table in force. */
  time: Date | string;
  usage: {
    inputTokens: number;
    outputTokens: number;
    cachedInputTokens: number;
    cacheWriteInputTokens: number;
    source: 'reported' | 'estimated';
  };
}

export type TokenCounts = Record<TokenKind, number>;

export type PricingResult =
  | {
      priced: true;
      cost: Decimal;
      currency: string;
      priceTableVersion: string;
      estimated: boolean;
      /** Tokens billed per kind (uncached input split out); `costBreakdown()` gives the cost of each. */
      tokens: TokenCounts;
      /** Set when the counts were inconsistent (cache subsets larger than the input) and were clamped. */
      warning?: string;
    }
  | {
      priced: false;
      reason: 'unknown_model' | 'no_price_table';
      message: string;
      currency: string | null;
      priceTableVersion: string | null;
      estimated: boolean;
    };

export class Pricer {
  private readonly tables: readonly CompiledPriceTable[];

  constructor(tables: readonly PriceTable[]) {
    // Latest first, so lookup takes the first table already in force.
    this.tables = tables.map(compilePriceTable).sort((a, b) => b.effectiveFromMs - a.effectiveFromMs);
    const versions = new Set(this.tables.map((t) => t.version));
    if (versions.size !== this.tables.length) throw new Error('price table versions must be unique');
  }

  tableAt(time: Date | string): CompiledPriceTable | undefined {
    const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
    return this.tables.find((t) => t.effectiveFromMs <= ms);
  }

  price(item: UsageToPrice): PricingResult {
    const estimated = item.usage.source === 'estimated';
    const table = this.tableAt(item.time);
    if (!table) {
      return { priced: false, reason: 'no_price_table', message: `no price table in force at ${String(item.time)}`, currency: null, priceTableVersion: null, estimated };
    }
    const price = findModelPrice(table, item.provider, item.model);
    if (!price) {
      return {
        priced: false,
        reason: 'unknown_model',
        message: `no price for ${item.provider}/${item.model} in price table ${table.version}`,
        currency: table.currency,
        priceTableVersion: table.version,
        estimated,
      };
    }
    const { inputTokens, outputTokens, cachedInputTokens, cacheWriteInputTokens } = item.usage;
    const uncached = inputTokens - cachedInputTokens - cacheWriteInputTokens;
    const tokens: TokenCounts = { input: Math.max(0, uncached), output: outputTokens, cachedInput: cachedInputTokens, cacheWriteInput: cacheWriteInputTokens };
    // One integer sum at the prices' common scale, then / 10^6 (per million): exact, and cheap on the ingest path.
    const { units } = price;
    const sum = units.input * BigInt(tokens.input) + units.output * BigInt(tokens.output)
      + units.cachedInput * BigInt(tokens.cachedInput) + units.cacheWriteInput * BigInt(tokens.cacheWriteInput);
    const cost = Decimal.fromUnits(sum, price.scale + 6);
    const result: PricingResult = { priced: true, cost, currency: table.currency, priceTableVersion: table.version, estimated, tokens };
    if (uncached < 0) result.warning = `cached (${cachedInputTokens}) + cache-write (${cacheWriteInputTokens}) exceed input tokens (${inputTokens})`;
    return result;
  }
}

/** Cost of each token kind of a priced result (for invoices and debugging; not needed on the ingest path). */
export function costBreakdown(pricer: Pricer, item: UsageToPrice): Record<TokenKind, Decimal> | undefined {
  const table = pricer.tableAt(item.time);
  const price = table && findModelPrice(table, item.provider, item.model);
  const result = pricer.price(item);
  if (!price || !result.priced) return undefined;
  const kinds: TokenKind[] = ['input', 'output', 'cachedInput', 'cacheWriteInput'];
  return Object.fromEntries(kinds.map((k) => [k, costOf(result.tokens[k], price.perMillion[k])])) as Record<TokenKind, Decimal>;
}

/** Exact cost of `tokens` at `perMillion` (for estimates made before a request, e.g. budget reservations). */
export function costOf(tokens: number, perMillion: Decimal): Decimal {
  return perMillion.mulInt(tokens).shiftLeft(6);
}

/**
 * Upper estimate of a request's cost before it is sent, for budget reservations: every prompt token at the uncached
 * input price plus `maxOutputTokens` at the output price. Undefined when the model has no price (the caller decides,
 * e.g. reserve a configured default).
 */
export function estimateCost(pricer: Pricer, request: { provider: string; model: string; time?: Date; inputTokens: number; maxOutputTokens: number }): Decimal | undefined {
  const table = pricer.tableAt(request.time ?? new Date());
  const price = table && findModelPrice(table, request.provider, request.model);
  if (!price) return undefined;
  return costOf(request.inputTokens, price.perMillion.input).add(costOf(request.maxOutputTokens, price.perMillion.output));
}
