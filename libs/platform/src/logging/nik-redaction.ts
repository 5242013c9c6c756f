/** A NIK is 16 digits; no log line may carry one (DEVELOPERS.md: "NIKs never appear in logs"). */
const NIK = /(?<!\d)\d{16}(?!\d)/g;

export function redactNiks(text: string): string {
  return text.replace(NIK, (m) => `${m.slice(0, 4)}************`);
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactNiks(value);
  if (typeof value === 'number' && Number.isInteger(value) && String(value).length === 16)
    return '[redacted]';
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value && typeof value === 'object') {
    if (value instanceof Error) {
      return {
        type: value.name,
        message: redactNiks(value.message),
        stack: value.stack ? redactNiks(value.stack) : undefined,
      };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = k.toLowerCase() === 'nik' ? '[redacted]' : redactDeep(v, depth + 1);
    return out;
  }
  return value;
}
