import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { Response } from 'express';
import { from, Observable, of, switchMap, catchError, throwError } from 'rxjs';
import { canonicalJson, SqlClient } from '@app/event-store';
import { AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { READ_DB } from '../tokens';
import { problem, ProblemException } from '../http/problem';

export const IDEMPOTENCY_SCHEMA = `
CREATE TABLE IF NOT EXISTS http_idempotency (
  actor        text NOT NULL,
  key          text NOT NULL,
  route        text NOT NULL,
  request_hash text NOT NULL,
  status       int,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, key)
)`;

const IDEMPOTENT = 'idempotent';

/**
 * API.md: a retry with the same Idempotency-Key and body returns the first answer and has no
 * second effect. The key is reserved before the command runs, so concurrent retries wait for
 * (409) rather than repeat the first; a failed command releases its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_DB) private readonly db: SqlClient,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (!key) return next.handle();
    if (key.length > 200) {
      throw ProblemException.validation([
        { field: 'Idempotency-Key', message: 'must be at most 200 characters' },
      ]);
    }
    const actor = req.actor?.id ?? 'anonymous';
    const route = `${req.method} ${req.baseUrl ?? ''}${req.path}`;
    const bodyText = typeof req.body === 'string' ? req.body : canonicalJson(req.body ?? null);
    const requestHash = createHash('sha256').update(`${route}\n${bodyText}`).digest('hex');
    return from(this.reserve(actor, key, route, requestHash)).pipe(
      switchMap((stored) => {
        if (stored) {
          res.status(stored.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.response);
        }
        return next.handle().pipe(
          switchMap((body) =>
            from(this.complete(actor, key, res.statusCode, body)).pipe(switchMap(() => of(body))),
          ),
          catchError((err) => from(this.release(actor, key)).pipe(switchMap(() => throwError(() => err)))),
        );
      }),
    );
  }

  private async reserve(
    actor: string,
    key: string,
    route: string,
    requestHash: string,
  ): Promise<{ status: number; response: unknown } | undefined> {
    const inserted = await this.db.query(
      `INSERT INTO http_idempotency (actor, key, route, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING key`,
      [actor, key, route, requestHash],
    );
    if (inserted.rowCount > 0) return undefined;
    const { rows } = await this.db.query<{ request_hash: string; status: number | null; response: unknown }>(
      'SELECT request_hash, status, response FROM http_idempotency WHERE actor = $1 AND key = $2',
      [actor, key],
    );
    const row = rows[0];
    if (!row) return this.reserve(actor, key, route, requestHash);
    if (row.request_hash !== requestHash) {
      throw new ProblemException(
        problem(422, 'This Idempotency-Key was used with a different request', {
          code: 'IDEMPOTENCY_KEY_REUSED',
        }),
      );
    }
    if (row.status === null) {
      throw new ProblemException(
        problem(409, 'A request with this Idempotency-Key is still in progress', {
          code: 'IDEMPOTENCY_IN_PROGRESS',
        }),
      );
    }
    return { status: row.status, response: row.response };
  }

  private async complete(actor: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      'UPDATE http_idempotency SET status = $3, response = $4::jsonb WHERE actor = $1 AND key = $2',
      [actor, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(actor: string, key: string): Promise<void> {
    await this.db
      .query('DELETE FROM http_idempotency WHERE actor = $1 AND key = $2 AND status IS NULL', [actor, key])
      .catch(() => undefined);
  }
}

/** Marks a creating POST as idempotent under the `Idempotency-Key` header. */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A retry with the same key and body returns the first answer',
    }),
  );
