import { describe, expect, it } from 'vitest';
import { Decimal } from '@asc/pricing';
import { evaluateState, isEscalation, periodStartOf, publicationTime } from './budget-rules';

describe('budget rules', () => {
  it.each([
    ['day', '2026-03-15T23:59:59.999Z', '2026-03-15T00:00:00.000Z'],
    ['day', '2026-03-16T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    ['month', '2026-03-15T12:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['month', '2026-12-31T23:59:59.000Z', '2026-12-01T00:00:00.000Z'],
  ] as const)('a %s period containing %s starts at %s (UTC)', (period, at, start) => {
    expect(periodStartOf(period, new Date(at)).toISOString()).toBe(start);
  });

  const budget = { amount: '100', softThresholdPct: 80, hardLimit: '110' };
  it.each([
    ['0', 'ok'],
    ['79.999999999999', 'ok'],
    ['80', 'soft_exceeded'],
    ['109.99', 'soft_exceeded'],
    ['110', 'hard_exceeded'],
    ['500', 'hard_exceeded'],
  ])('spent %s of amount 100 (soft 80%%, hard 110) is %s', (spent, state) => {
    expect(evaluateState(budget, Decimal.parse(spent))).toBe(state);
  });

  it('orders states for escalation and never publishes two states with the same updatedAt', () => {
    expect(isEscalation('ok', 'soft_exceeded')).toBe(true);
    expect(isEscalation('hard_exceeded', 'soft_exceeded')).toBe(false);
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(publicationTime({ statePublishedAt: now }, now).getTime()).toBe(now.getTime() + 1);
    expect(publicationTime({ statePublishedAt: null }, now)).toEqual(now);
  });
});
