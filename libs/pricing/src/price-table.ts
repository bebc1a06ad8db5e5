import { Decimal } from './decimal';

/**
 * A versioned price table: one per price change, effective from a point in time, so a usage event is always priced
 * with the table that was in force when it happened and re-pricing it later gives the same figure. Prices are per
 * million tokens, as exact decimal strings in the table's currency.
 */
export const TOKEN_KINDS = ['input', 'output', 'cachedInput', 'cacheWriteInput'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface ModelPrice {
  /** Provider ids this price applies to (e.g. `openai` and `azure-openai` for the same model). */
  providers: readonly string[];
  /** Canonical model id as the provider reports it; dated snapshots (`-2024-08-06`, `-20250514`) match it too. */
  model: string;
  aliases?: readonly string[];
  /** Price per million tokens. `input` is the uncached input price. */
  perMillion: Readonly<Record<TokenKind, string>>;
}

export interface PriceTable {
  version: string;
  /** RFC 3339; events at or after this instant use this table (until a later one takes over). */
  effectiveFrom: string;
  currency: string;
  models: readonly ModelPrice[];
}

/** A table entry compiled for lookup: prices parsed once. */
export interface CompiledModelPrice {
  model: string;
  perMillion: Readonly<Record<TokenKind, Decimal>>;
  /** The four prices as integers at one common scale, so a cost is one integer sum (hot path). */
  units: Readonly<Record<TokenKind, bigint>>;
  scale: number;
}

export interface CompiledPriceTable {
  version: string;
  effectiveFromMs: number;
  currency: string;
  /** `provider\u0000model` -> price. */
  byProviderModel: ReadonlyMap<string, CompiledModelPrice>;
}

const DATED_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;

export function lookupKey(provider: string, model: string): string {
  return `${provider}\u0000${model}`;
}

export function compilePriceTable(table: PriceTable): CompiledPriceTable {
  const effectiveFromMs = Date.parse(table.effectiveFrom);
  if (Number.isNaN(effectiveFromMs)) throw new Error(`price table ${table.version}: invalid effectiveFrom '${table.effectiveFrom}'`);
  const byProviderModel = new Map<string, CompiledModelPrice>();
  for (const entry of table.models) {
    const perMillion = Object.fromEntries(TOKEN_KINDS.map((kind) => {
      const price = Decimal.parse(entry.perMillion[kind]);
      if (price.isNegative()) throw new Error(`price table ${table.version}: negative ${kind} price for ${entry.model}`);
      return [kind, price];
    })) as Record<TokenKind, Decimal>;
    const scale = Math.max(...TOKEN_KINDS.map((kind) => perMillion[kind].scale));
    const units = Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, perMillion[kind].toUnitsCeil(scale)])) as Record<TokenKind, bigint>;
    const compiled: CompiledModelPrice = { model: entry.model, perMillion, units, scale };
    for (const provider of entry.providers) {
      for (const name of [entry.model, ...(entry.aliases ?? [])]) {
        const key = lookupKey(provider, name);
        if (byProviderModel.has(key)) throw new Error(`price table ${table.version}: duplicate price for ${provider}/${name}`);
        byProviderModel.set(key, compiled);
      }
    }
  }
  return { version: table.version, effectiveFromMs, currency: table.currency, byProviderModel };
}

/** Exact id, then the id without a dated-snapshot suffix. */
export function findModelPrice(table: CompiledPriceTable, provider: string, model: string): CompiledModelPrice | undefined {
  const exact = table.byProviderModel.get(lookupKey(provider, model));
  if (exact) return exact;
  const undated = model.replace(DATED_SUFFIX, '');
  return undated === model ? undefined : table.byProviderModel.get(lookupKey(provider, undated));
}
