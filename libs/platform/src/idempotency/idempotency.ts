import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { createHash, randomUUID } from 'node:crypto';
import { Response } from 'express';
import { defer, finalize, from, Observable, of, switchMap, catchError, throwError } from 'rxjs';
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
);
ALTER TABLE http_idempotency ADD COLUMN IF NOT EXISTS locked_until timestamptz;
ALTER TABLE http_idempotency ADD COLUMN IF NOT EXISTS holder text`;

/**
 * How long a request holds its key while the command runs. A holder that crashed (or lost its
 * database) before storing the answer leaves the key in progress; past the lease the next retry
 * takes the key over and runs the command again, which the commands make harmless: a creating
 * command derives the new resource's id from the key, so the second run finds the first's result.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 30;

/** In progress and past its lease (rows from before leases count from their creation). */
const LEASE_EXPIRED = `status IS NULL AND COALESCE(locked_until, created_at + interval '${IDEMPOTENCY_LEASE_SECONDS} seconds') < now()`;
const NEW_LEASE = `now() + interval '${IDEMPOTENCY_LEASE_SECONDS} seconds'`;

const IDEMPOTENT = 'idempotent';

/**
 * API.md: a retry with the same Idempotency-Key and body returns the first answer and has no
 * second effect. The key is reserved, under a lease, before the command runs, so concurrent
 * retries wait (409) rather than repeat the first; a failed command releases its key. Once the
 * command succeeded the key is never released: if storing the answer fails the key stays in
 * progress until its lease ends, and the retry after it runs the command again, which finds the
 * resource the first run created (ids derived from the key) instead of creating a second one.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

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
    const holder = randomUUID();
    return from(this.reserve(actor, key, route, requestHash, holder, res)).pipe(
      switchMap((stored) => {
        if (stored) {
          res.status(stored.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.response);
        }
        // A live holder renews its lease, so only a crashed one loses the key to a retry.
        const renewal = setInterval(
          () => void this.renew(actor, key, holder),
          (IDEMPOTENCY_LEASE_SECONDS * 1000) / 3,
        );
        renewal.unref();
        return defer(() => next.handle()).pipe(
          catchError((err) =>
            from(this.release(actor, key, holder)).pipe(switchMap(() => throwError(() => err))),
          ),
          // After the command succeeded: its answer goes out even when storing it fails.
          switchMap((body) =>
            from(this.complete(actor, key, res.statusCode, body)).pipe(switchMap(() => of(body))),
          ),
          finalize(() => clearInterval(renewal)),
        );
      }),
    );
  }

  private async reserve(
    actor: string,
    key: string,
    route: string,
    requestHash: string,
    holder: string,
    res: Response,
  ): Promise<{ status: number; response: unknown } | undefined> {
    const inserted = await this.db.query(
      `INSERT INTO http_idempotency (actor, key, route, request_hash, locked_until, holder)
       VALUES ($1, $2, $3, $4, ${NEW_LEASE}, $5)
       ON CONFLICT DO NOTHING RETURNING key`,
      [actor, key, route, requestHash, holder],
    );
    if (inserted.rowCount > 0) return undefined;
    const { rows } = await this.db.query<{
      request_hash: string;
      status: number | null;
      response: unknown;
      expired: boolean;
      seconds_left: number | string | null;
    }>(
      `SELECT request_hash, status, response, ${LEASE_EXPIRED} AS expired,
              ceil(extract(epoch FROM COALESCE(locked_until, created_at + interval '${IDEMPOTENCY_LEASE_SECONDS} seconds') - now())) AS seconds_left
       FROM http_idempotency WHERE actor = $1 AND key = $2`,
      [actor, key],
    );
    const row = rows[0];
    if (!row) return this.reserve(actor, key, route, requestHash, holder, res);
    if (row.request_hash !== requestHash) {
      throw new ProblemException(
        problem(422, 'This Idempotency-Key was used with a different request', {
          code: 'IDEMPOTENCY_KEY_REUSED',
        }),
      );
    }
    if (row.status === null && row.expired) {
      // The holder crashed before storing the answer: this request takes the key over.
      const taken = await this.db.query(
        `UPDATE http_idempotency SET locked_until = ${NEW_LEASE}, holder = $3
         WHERE actor = $1 AND key = $2 AND ${LEASE_EXPIRED} RETURNING key`,
        [actor, key, holder],
      );
      if (taken.rowCount > 0) {
        this.logger.warn(
          `Idempotency-Key of ${actor} was in progress past its lease: running the request again`,
        );
        return undefined;
      }
      return this.reserve(actor, key, route, requestHash, holder, res);
    }
    if (row.status === null) {
      res.setHeader('Retry-After', String(Math.max(1, Number(row.seconds_left ?? 1))));
      throw new ProblemException(
        problem(409, 'A request with this Idempotency-Key is still in progress', {
          code: 'IDEMPOTENCY_IN_PROGRESS',
        }),
      );
    }
    return { status: row.status, response: row.response };
  }

  /** Stores the first answer; a failure leaves the key in progress until its lease ends, never released. */
  private async complete(actor: string, key: string, status: number, body: unknown): Promise<void> {
    try {
      await this.store(actor, key, status, body);
    } catch (e) {
      this.logger.error(
        `the answer to an Idempotency-Key request of ${actor} succeeded but was not stored (${(e as Error).message}); a retry after ${IDEMPOTENCY_LEASE_SECONDS} s runs it again`,
      );
    }
  }

  private async store(actor: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      'UPDATE http_idempotency SET status = $3, response = $4::jsonb WHERE actor = $1 AND key = $2 AND status IS NULL',
      [actor, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async renew(actor: string, key: string, holder: string): Promise<void> {
    try {
      await this.db.query(
        `UPDATE http_idempotency SET locked_until = ${NEW_LEASE}
         WHERE actor = $1 AND key = $2 AND status IS NULL AND holder = $3`,
        [actor, key, holder],
      );
    } catch (e) {
      this.logger.warn(`could not renew an Idempotency-Key lease of ${actor}: ${(e as Error).message}`);
    }
  }

  /** The command failed: the key is free again, unless another request took it over meanwhile. */
  private async release(actor: string, key: string, holder: string): Promise<void> {
    try {
      await this.db.query(
        'DELETE FROM http_idempotency WHERE actor = $1 AND key = $2 AND status IS NULL AND holder = $3',
        [actor, key, holder],
      );
    } catch (e) {
      this.logger.warn(
        `could not release an Idempotency-Key of ${actor} (${(e as Error).message}); its lease ends it`,
      );
    }
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
