import { DomainError } from '../shared/domain-error';

/**
 * An amount comes to more than a whole number of Rupiah the service can compute exactly
 * (Number.MAX_SAFE_INTEGER): a 422 naming the amount, never a wrong figure or a 500.
 */
export function amountOutOfRange(what: string, value: number): DomainError {
  return new DomainError(
    'not_allowed',
    'AMOUNT_OUT_OF_RANGE',
    `${what} comes to ${Number.isFinite(value) ? value.toExponential(3) : String(value)} Rupiah, beyond what can be computed exactly; check the member's declared income and the claimed amounts`,
    { amount: what },
  );
}

/** A non-negative whole number of Rupiah that integer arithmetic keeps exact, or AMOUNT_OUT_OF_RANGE. */
export function checkedAmount(value: number, what: string): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw amountOutOfRange(what, value);
}

/**
 * Exact half-up rounding of numerator / denominator for non-negative integers, so a line such
 * as 7 × 1,000,000 / 30 never suffers from binary floating point (docs/benefit-rules.md: half up, per line).
 */
export function roundHalfUpRatio(numerator: number, denominator: number, what = 'An amount'): number {
  if (numerator >= 0 && !Number.isSafeInteger(numerator)) throw amountOutOfRange(what, numerator);
  if (!Number.isSafeInteger(denominator) || denominator <= 0 || numerator < 0)
    throw new RangeError(`roundHalfUpRatio needs non-negative safe integers: ${numerator}/${denominator}`);
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return Number((2n * n + d) / (2n * d));
}

/** `Rp 1,000,000`: for descriptions only. */
export function rupiah(amount: number): string {
  const digits = String(Math.trunc(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount < 0 ? '-' : ''}Rp ${digits}`;
}
