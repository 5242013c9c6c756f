export function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** "2025/2026": two consecutive years. */
export function parseAcademicYear(value: unknown): { startYear: number; endYear: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})\/(\d{4})$/.exec(value);
  if (!m || +m[2] !== +m[1] + 1) return undefined;
  return { startYear: +m[1], endYear: +m[2] };
}

/** A required positive whole number of Rupiah; one field error when it is not. */
export function requirePositiveRupiah(
  r: Record<string, unknown>,
  field: string,
  benefit: string,
  err: (field: string, message: string) => void,
): void {
  const v = r[field];
  if (v === undefined || v === null) err(field, `is required for ${benefit}`);
  else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
    err(field, 'must be a positive integer (Rupiah)');
}
