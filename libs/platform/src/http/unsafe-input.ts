import { Request } from 'express';
import { FieldError } from '@app/domain/shared/domain-error';
import { findUnstorableText, nestingDepth, unstorableTextReason } from '@app/domain/shared/text';

/** No request of API.md nests deeper than a few levels; deeper JSON is refused before validation. */
export const MAX_JSON_DEPTH = 32;

/**
 * What makes a request unfit for any handler, whatever its route: JSON nested deeper than
 * MAX_JSON_DEPTH (validation and the idempotency hash recurse), or text anywhere in the body,
 * query or path that cannot be stored (domain rule `unstorableTextReason`). Checked once, before
 * validation, so every endpoint answers 400 with the field instead of failing on a write.
 */
export function unsafeInputErrors(req: Request): FieldError[] {
  if (req.body !== undefined && nestingDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return [{ field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }];
  }
  const inBody = findUnstorableText(req.body);
  if (inBody) return [inBody];
  const inQuery = findUnstorableText(req.query);
  if (inQuery) return [inQuery];
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return [{ field: 'path', message: 'must be valid percent-encoded UTF-8' }];
  }
  const reason = unstorableTextReason(path);
  return reason ? [{ field: 'path', message: reason }] : [];
}
