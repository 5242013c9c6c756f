import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response, Request } from 'express';
import { DomainError, DomainErrorKind } from '@app/domain/shared/domain-error';
import { IdempotencyConflictError, UnknownPositionError, WrongExpectedVersionError } from '@app/event-store';
import { problem, Problem, PROBLEM_CONTENT_TYPE, ProblemException } from './problem';
import { conflictProblem } from './conflict';

const KIND_STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  not_allowed: 422,
  precondition: 412,
};

/** Every error leaves as application/problem+json, never with a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toProblem(exception);
    if (body.status >= 500) {
      this.logger.error({ err: exception, path: req.path }, 'Unhandled error');
    }
    if (res.headersSent) return;
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof ProblemException) return e.problem;
    if (e instanceof DomainError) {
      const status = KIND_STATUS[e.kind];
      return problem(status, e.message, {
        ...e.details,
        code: e.code,
        ...(e.fieldErrors.length ? { errors: e.fieldErrors } : {}),
      });
    }
    if (e instanceof WrongExpectedVersionError) {
      return conflictProblem().problem;
    }
    if (e instanceof IdempotencyConflictError)
      return problem(409, e.message, { code: 'IDEMPOTENCY_CONFLICT' });
    if (e instanceof UnknownPositionError) {
      return problem(400, e.message, {
        code: 'VALIDATION',
        errors: [{ field: 'after', message: 'no event at this position' }],
      });
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const response = e.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? e.message);
      return problem(status, message);
    }
    // body-parser errors carry a status and a type
    const err = e as { status?: number; type?: string; message?: string };
    if (err?.type === 'entity.too.large')
      return problem(413, 'The request body is larger than this endpoint accepts');
    if (err?.type === 'entity.parse.failed') {
      return problem(400, 'The request body is not valid JSON', {
        code: 'VALIDATION',
        errors: [{ field: 'body', message: 'malformed JSON' }],
      });
    }
    if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported')
      return problem(415, err.message ?? 'Unsupported encoding');
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500)
      return problem(err.status, err.message ?? 'Bad request');
    return problem(500, 'An internal error occurred; it has been logged');
  }
}
