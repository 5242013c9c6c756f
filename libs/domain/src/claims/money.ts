/**
 * Exact half-up rounding of numerator / denominator for non-negative integers, so a line such
 * as 7 × 1,000,000 / 30 never suffers from binary floating point (DOMAIN.md: half up, per line).
 */
export function roundHalfUpRatio(numerator: number, denominator: number): number {
  if (
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    denominator <= 0 ||
    numerator < 0
  )
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
