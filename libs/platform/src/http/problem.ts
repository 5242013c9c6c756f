import { FieldError } from '@app/domain/shared/domain-error';

/** RFC 9457 problem details; `errors` on validation problems, one per bad field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const slug = (extra.code ?? TITLES[status] ?? 'error').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  // Extensions never override the core members (a domain detail named `status` once did).
  return {
    ...extra,
    type: extra.type ?? `urn:problem:bpu-claims:${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
  };
}

/** Thrown anywhere in the HTTP layer to answer with a specific problem. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  static validation(errors: FieldError[], detail = 'The request has invalid fields'): ProblemException {
    return new ProblemException(problem(400, detail, { code: 'VALIDATION', errors }));
  }
}
