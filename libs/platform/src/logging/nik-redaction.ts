/**
 * A NIK is 16 digits; no log line may carry one (DEVELOPERS.md: "NIKs never appear in logs"),
 * also when a URL spells its digits percent-encoded (`%31%36…`).
 */
const NIK = /(?<!\d|%3)(?:\d|%3\d){16}(?!\d|%3\d)/gi;

export function redactNiks(text: string): string {
  return text.replace(NIK, (m) => {
    const digits = m.replace(/%3(\d)/g, '$1');
    return `${digits.slice(0, 4)}************`;
  });
}

/** Query parameters whose value never reaches a log, however the name is spelled or encoded. */
const SECRET_PARAM = /(?:^|\[)(?:nik|ticket)(?:\]|\[|$)/i;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** A request URL for the log: `nik` and `ticket` values replaced, NIKs anywhere masked. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return redactNiks(url);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_PARAM.test(decodedName(name)) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return redactNiks(`${url.slice(0, q)}?${query}`);
}

/** Any text bound for a log: NIKs masked and `ticket=…` (a Bull Board ticket) removed. */
export function redactLogText(text: string): string {
  return redactNiks(text).replace(/([?&;]ticket=)[^&\s"'#]+/gi, '$1[redacted]');
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactLogText(value);
  if (typeof value === 'number' && Number.isInteger(value) && String(value).length === 16)
    return '[redacted]';
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value && typeof value === 'object') {
    if (value instanceof Error) {
      return {
        type: value.name,
        message: redactLogText(value.message),
        stack: value.stack ? redactLogText(value.stack) : undefined,
      };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEYS.has(k.toLowerCase()) ? '[redacted]' : redactDeep(v, depth + 1);
    return out;
  }
  return value;
}

const SECRET_KEYS = new Set(['nik', 'ticket', 'authorization', 'cookie']);
