export { BudgetGate, stateKeyOf, type BudgetGateOptions, type BudgetView, type Reservation, type ReserveOutcome, type ReserveRequest } from './budget-gate';
export { MONEY_SCALE, fits, type BudgetStore, type StoredBudget, type BudgetStateInput, type ReserveInput, type SettleInput } from './budget-store';
export { MemoryBudgetStore } from './memory-budget-store';
export { RedisBudgetStore, type RedisBudgetStoreOptions } from './redis-budget-store';
export { consumeBudgetStates, type BudgetStateConsumer, type BudgetStateConsumerOptions } from './budget-state-consumer';
