import { Controller, Inject, Injectable, Logger, OnModuleInit, Post } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { Queue } from 'bullmq';
import { sign, verify, JwtPayload } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { SqlClient } from '@app/event-store';
import {
  Actor,
  APP_CONFIG,
  AppConfig,
  authenticate,
  CurrentActor,
  migrateReadModels,
  READ_DB,
  Roles,
} from '@app/platform';
import { PAYOUT_QUEUE } from '../payout-queue';

/** Where Bull Board is served (admins only). */
export const QUEUE_BOARD_PATH = '/admin/queues';
const TICKET_AUDIENCE = 'queue-board-ticket';
const SESSION_AUDIENCE = 'queue-board-session';
const SESSION_COOKIE = 'queue_board_session';
const TICKET_SECONDS = 60;
const SESSION_SECONDS = 30 * 60;

/** Tickets already swapped for a session, until they expire: a ticket opens the board once. */
export const USED_TICKETS_SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_board_used_tickets (
  ticket_id  text PRIMARY KEY,
  expires_at timestamptz NOT NULL
)`;

export class QueueBoardTicketDto {
  @ApiProperty({
    description: 'Open this once in a browser within 60 s: it sets a 30-minute session cookie for the board',
  })
  url!: string;
  @ApiProperty() expiresInSeconds!: number;
}

/**
 * Bull Board for admins, behind the JWT: a request with `Authorization: Bearer <admin JWT>` is
 * let in; a browser gets a one-minute, single-use ticket from `POST /api/admin/queue-board/tickets`
 * and opens `/admin/queues?ticket=…`, which swaps it for an HttpOnly, SameSite=Strict session
 * cookie (30 minutes, path /admin/queues), so no long-lived token ever sits in a URL or a log
 * (the logs redact `ticket=`). Tickets and sessions carry an `aud`, so the API refuses them.
 */
@Injectable()
export class QueueBoardMount implements OnModuleInit {
  private readonly logger = new Logger('QueueBoard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectQueue(PAYOUT_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_DB) private readonly db: SqlClient,
  ) {
    queue.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    await migrateReadModels(this.db, [USED_TICKETS_SCHEMA]);
    const http = this.adapterHost.httpAdapter;
    if (!http || http.getType() !== 'express') return;
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.queue as never, { readOnlyMode: false, allowRetries: true })],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'BPU payouts' } },
    });
    http
      .getInstance()
      .use(
        QUEUE_BOARD_PATH,
        (req: Request, res: Response, next: NextFunction) => void this.guard(req, res, next).catch(next),
        serverAdapter.getRouter(),
      );
    this.logger.log(`Bull Board at ${QUEUE_BOARD_PATH} (admin)`);
  }

  private async guard(req: Request, res: Response, next: NextFunction): Promise<void> {
    const secret = this.config.jwtSecret;
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : undefined;
    if (ticket) {
      const claims = verifyFor(ticket, secret, TICKET_AUDIENCE);
      if (!claims) return deny(res, 401, 'The board ticket is invalid or expired; ask for a new one');
      if (!(await this.useTicket(claims)))
        return deny(res, 401, 'The board ticket was already used; ask for a new one');
      const session = sign({ sub: claims.sub, roles: ['admin'] }, secret, {
        algorithm: 'HS256',
        audience: SESSION_AUDIENCE,
        expiresIn: SESSION_SECONDS,
      });
      res.setHeader(
        'Set-Cookie',
        `${SESSION_COOKIE}=${session}; Path=${QUEUE_BOARD_PATH}; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`,
      );
      res.redirect(302, `${req.baseUrl}${req.path === '/' ? '' : req.path}`);
      return;
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    if (cookie && verifyFor(cookie, secret, SESSION_AUDIENCE)) return next();
    if (!req.headers.authorization)
      return deny(res, 401, 'Bull Board needs an admin bearer token or a board ticket');
    let actor: Actor;
    try {
      actor = authenticate(req, secret);
    } catch {
      return deny(res, 401, 'The bearer token is invalid or expired');
    }
    if (!actor.roles.includes('admin')) return deny(res, 403, 'Bull Board is for admins');
    next();
  }

  /** True the first time a ticket is presented (in any api process), false ever after. */
  private async useTicket(claims: JwtPayload): Promise<boolean> {
    if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') return false;
    await this.db.query('DELETE FROM queue_board_used_tickets WHERE expires_at < now()');
    const { rows } = await this.db.query(
      `INSERT INTO queue_board_used_tickets (ticket_id, expires_at) VALUES ($1, to_timestamp($2))
       ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
      [claims.jti, claims.exp],
    );
    return rows.length === 1;
  }
}

/** Hands an admin's browser a one-minute, single-use ticket for the board. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/admin/queue-board')
export class QueueBoardController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post('tickets')
  @Roles('admin')
  @ApiOperation({ summary: 'A one-minute ticket to open Bull Board (/admin/queues) in a browser' })
  @ApiCreatedResponse({ type: QueueBoardTicketDto })
  ticket(@CurrentActor() actor: Actor): QueueBoardTicketDto {
    const ticket = sign({ sub: actor.id, roles: ['admin'] }, this.config.jwtSecret, {
      algorithm: 'HS256',
      audience: TICKET_AUDIENCE,
      expiresIn: TICKET_SECONDS,
      jwtid: randomUUID(),
    });
    return { url: `${QUEUE_BOARD_PATH}?ticket=${ticket}`, expiresInSeconds: TICKET_SECONDS };
  }
}

function verifyFor(token: string, secret: string, audience: string): JwtPayload | undefined {
  try {
    const claims = verify(token, secret, { algorithms: ['HS256'], audience }) as JwtPayload;
    return Array.isArray(claims.roles) && claims.roles.includes('admin') ? claims : undefined;
  } catch {
    return undefined;
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function deny(res: Response, status: number, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `urn:problem:bpu-claims:${status === 401 ? 'unauthorized' : 'forbidden'}`,
        title: status === 401 ? 'Unauthorized' : 'Forbidden',
        status,
        detail,
      }),
    );
}
