import { FieldError } from './domain-error';

/** Names, places, occupations, references: short enough for any read model index (btree: 2704 bytes). */
export const MAX_NAME_LENGTH = 200;

/** A NUL or another control character other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `value` is not text the service can store, or undefined when it is. PostgreSQL text
 * cannot hold NUL, and a lone UTF-16 surrogate is not Unicode at all: both are refused at the
 * edge with the field named, never discovered by a failed write.
 */
export function unstorableTextReason(value: string): string | undefined {
  if (CONTROL.test(value)) return 'must not contain NUL or other control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (a lone surrogate was found)';
  return undefined;
}

export interface TextRule {
  /** Absent: the field is required and must not be blank. */
  optional?: boolean;
  maxLength?: number;
}

/** One text field: present (unless optional), not blank, storable, at most `maxLength` characters. */
export function textFieldErrors(value: unknown, field: string, rule: TextRule = {}): FieldError[] {
  if (value === undefined || value === null) return rule.optional ? [] : [{ field, message: 'is required' }];
  if (typeof value !== 'string' || value.trim().length === 0)
    return [{ field, message: 'must be a non-empty string' }];
  const reason = unstorableTextReason(value);
  if (reason) return [{ field, message: reason }];
  if (rule.maxLength !== undefined && value.length > rule.maxLength)
    return [{ field, message: `must be at most ${rule.maxLength} characters` }];
  return [];
}

/**
 * Field names no request may carry, at any depth: JSON.parse makes `"__proto__"` an own property
 * (`constructor`/`prototype` are skipped silently by class-transformer, so refused alike),
 * which class-transformer and validation skip but a copy (`Object.assign`, a spread into a class)
 * would turn into a prototype. docs/http-conventions.md: a 400 naming the field.
 */
export const FORBIDDEN_FIELD_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function fieldNameProblem(name: string): string | undefined {
  if (FORBIDDEN_FIELD_NAMES.has(name)) return 'is not an allowed field name';
  const reason = unstorableTextReason(name);
  return reason ? `name ${reason}` : undefined;
}

/**
 * The first string anywhere in `value` that cannot be stored, with its path (`heirs[0].fullName`),
 * keys included (a key that cannot be stored, or a forbidden field name such as `__proto__`).
 * Iterative, so a hostile nesting depth cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, root = ''): FieldError | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const reason = unstorableTextReason(v);
      if (reason) return { field: path || 'body', message: reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v).reverse()) {
        const childPath = path ? `${path}.${k}` : k;
        const problem = fieldNameProblem(k);
        if (problem) return { field: childPath, message: problem };
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** How deeply arrays and objects nest in `value` (a scalar is 0), walked without recursion. */
export function nestingDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > stopAbove) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}
