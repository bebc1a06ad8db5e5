import { describe, expect, it } from 'vitest';
import { Decimal, sumDecimals } from './decimal';

describe('Decimal', () => {
  it.each([
    ['0.1', '0.2', '0.3'],
    ['0.000375', '12', '12.000375'],
    ['-1.5', '1.5', '0'],
    ['999999999999999999.999999999999', '0.000000000001', '1000000000000000000'],
    ['1.10', '2.20', '3.3'],
  ])('%s + %s = %s', (a, b, sum) => {
    expect(Decimal.parse(a).add(Decimal.parse(b)).toString()).toBe(sum);
  });

  it.each([
    ['0.15', 1_000_000, 6, '0.15'],
    ['0.15', 1, 6, '0.00000015'],
    ['3.75', 333, 6, '0.00124875'],
    ['0.075', 7, 6, '0.000000525'],
  ])('%s x %i / 10^%i = %s', (price, tokens, shift, expected) => {
    expect(Decimal.parse(price).mulInt(tokens).shiftLeft(shift).toString()).toBe(expected);
  });

  it('sums ten thousand tenths exactly (no floating point drift)', () => {
    expect(sumDecimals(Array.from({ length: 10_000 }, () => Decimal.parse('0.1'))).toString()).toBe('1000');
  });

  it.each([
    ['0.000000001', 9, 1n],
    ['0.0000000011', 9, 2n],
    ['0.0000000019', 9, 2n],
    ['5', 9, 5_000_000_000n],
    ['-0.0000000019', 9, -1n],
  ])('%s in units of 10^-%i rounded up = %s', (text, scale, units) => {
    expect(Decimal.parse(text).toUnitsCeil(scale)).toBe(units);
  });

  it('compares across scales', () => {
    expect(Decimal.parse('1.50').cmp(Decimal.parse('1.5'))).toBe(0);
    expect(Decimal.parse('0.09').cmp(Decimal.parse('0.1'))).toBe(-1);
    expect(Decimal.parse('-2').cmp(Decimal.parse('-10'))).toBe(1);
  });

  it.each(['1e-7', '0x10', '', '1.', '.5', 'NaN', '1,5'])('rejects %j', (text) => {
    expect(() => Decimal.parse(text)).toThrow(/not a decimal/);
  });
});
