/** Schedule values for the monthly contribution (docs/benefit-rules.md "Contributions and coverage"); the schedule passes its own. */
export interface ContributionRates {
  /** JKK contribution as a percentage of declared income (1 = 1%). */
  jkkRatePercent: number;
  /** JKM contribution in Rupiah per month. */
  jkmMonthly: number;
}

export const DEFAULT_CONTRIBUTION_RATES: Readonly<ContributionRates> = {
  jkkRatePercent: 1,
  jkmMonthly: 6_800,
};

export interface MonthlyContribution {
  jkk: number;
  jkm: number;
  total: number;
}

/**
 * JKK = rate% of declared income, JKM a fixed amount; each line rounded half up to the Rupiah.
 * The rate is scaled to an integer (1e-6 %) and the product kept in BigInt so rounding is exact.
 */
export function contributionFor(
  declaredMonthlyIncome: number,
  rates: ContributionRates = DEFAULT_CONTRIBUTION_RATES,
): MonthlyContribution {
  const scaledRate = BigInt(Math.round(rates.jkkRatePercent * 1_000_000)); // percent × 1e6
  const jkk = Number((BigInt(Math.round(declaredMonthlyIncome)) * scaledRate + 50_000_000n) / 100_000_000n);
  const jkm = Math.floor(rates.jkmMonthly + 0.5);
  return { jkk, jkm, total: jkk + jkm };
}
