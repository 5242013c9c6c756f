/**
 * A rule of the domain refused a command. `kind` tells the edge which HTTP status to use,
 * so deciders never import HTTP concepts.
 */
export type DomainErrorKind =
  | 'validation' // 400, with field errors
  | 'not_found' // 404
  | 'conflict' // 409 (e.g. NIK already enrolled, reference reused)
  | 'forbidden' // 403 (e.g. four eyes)
  | 'not_allowed' // 422 (command not allowed in the current status)
  | 'precondition'; // 412 (stale version)

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(fieldErrors: FieldError[], message = 'Validation failed'): DomainError {
    return new DomainError('validation', 'VALIDATION', message, {}, fieldErrors);
  }
}
