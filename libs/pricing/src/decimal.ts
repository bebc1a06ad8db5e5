/**
 * Exact decimal numbers for money: `units / 10^scale` with a BigInt `units`, so sums and products of prices and
 * token counts never round. Only division by powers of ten is offered (per-million prices), which is exact too.
 * Immutable; every operation returns a new value.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);

  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  /** Parses `12`, `0.000375`, `-1.5`; throws on anything else (no exponents, no floats). */
  static parse(text: string): Decimal {
    const match = DECIMAL.exec(text.trim());
    if (!match) throw new Error(`not a decimal number: '${text}'`);
    const fraction = match[3] ?? '';
    const units = BigInt(`${match[2]}${fraction}`);
    return new Decimal(match[1] ? -units : units, fraction.length).normalize();
  }

  static fromInteger(value: number | bigint): Decimal {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
    return new Decimal(BigInt(value), 0);
  }

  /** `units / 10^scale` as is, e.g. `fromUnits(150n, 9)` = 0.00000015. */
  static fromUnits(units: bigint, scale: number): Decimal {
    return new Decimal(units, scale).normalize();
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescaled(scale) + other.rescaled(scale), scale).normalize();
  }

  sub(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  negate(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  mulInt(factor: number | bigint): Decimal {
    return new Decimal(this.units * BigInt(factor), this.scale).normalize();
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale).normalize();
  }

  /** Exact division by 10^digits. */
  shiftLeft(digits: number): Decimal {
    return new Decimal(this.units, this.scale + digits).normalize();
  }

  cmp(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescaled(scale);
    const b = other.rescaled(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** The value as an integer count of `10^-scale` units, rounded up (towards +infinity) when it does not fit. */
  toUnitsCeil(scale: number): bigint {
    if (scale >= this.scale) return this.rescaled(scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    const quotient = this.units / divisor;
    return this.units > 0n && this.units % divisor !== 0n ? quotient + 1n : quotient;
  }

  /** Plain decimal notation without trailing zeros: `0.00522`, `12`, `-1.5`. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }

  toJSON(): string {
    return this.toString();
  }

  private rescaled(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }

  private normalize(): Decimal {
    let { units, scale } = this;
    if (units === 0n) return scale === 0 ? this : Decimal.ZERO;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return units === this.units ? this : new Decimal(units, scale);
  }
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = Decimal.ZERO;
  for (const value of values) total = total.add(value);
  return total;
}
