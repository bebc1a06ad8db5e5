export { Decimal, sumDecimals } from './decimal';
export {
  TOKEN_KINDS, compilePriceTable, findModelPrice,
  type TokenKind, type ModelPrice, type PriceTable, type CompiledPriceTable, type CompiledModelPrice,
} from './price-table';
export { Pricer, costOf, costBreakdown, estimateCost, type UsageToPrice, type PricingResult, type TokenCounts } from './pricer';
export { SEED_PRICE_TABLES } from './seed-prices';
