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
import { Actor, APP_CONFIG, AppConfig, authenticate, CurrentActor, Roles } from '@app/platform';
import { PAYOUT_QUEUE } from '../payout-queue';

/** Where Bull Board is served (admins only). */
export const QUEUE_BOARD_PATH = '/admin/queues';
const TICKET_AUDIENCE = 'queue-board-ticket';
const SESSION_AUDIENCE = 'queue-board-session';
const SESSION_COOKIE = 'queue_board_session';
const TICKET_SECONDS = 60;
const SESSION_SECONDS = 30 * 60;

export class QueueBoardTicketDto {
  @ApiProperty({
    description: 'Open this in a browser within 60 s: it sets a 30-minute session cookie for the board',
  })
  url!: string;
  @ApiProperty() expiresInSeconds!: number;
}

/**
 * Bull Board for admins, behind the JWT: a request with `Authorization: Bearer <admin JWT>` is
 * let in; a browser gets a one-minute ticket from `POST /api/admin/queue-board/tickets` and opens
 * `/admin/queues?ticket=…`, which swaps it for an HttpOnly, SameSite=Strict session cookie
 * (30 minutes, path /admin/queues), so no long-lived token ever sits in a URL or a log.
 */
@Injectable()
export class QueueBoardMount implements OnModuleInit {
  private readonly logger = new Logger('QueueBoard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectQueue(PAYOUT_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    queue.on('error', () => undefined);
  }

  onModuleInit(): void {
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
        (req: Request, res: Response, next: NextFunction) => this.guard(req, res, next),
        serverAdapter.getRouter(),
      );
    this.logger.log(`Bull Board at ${QUEUE_BOARD_PATH} (admin)`);
  }

  private guard(req: Request, res: Response, next: NextFunction): void {
    const secret = this.config.jwtSecret;
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : undefined;
    if (ticket) {
      const claims = verifyFor(ticket, secret, TICKET_AUDIENCE);
      if (!claims) return deny(res, 401, 'The board ticket is invalid or expired; ask for a new one');
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
}

/** Hands an admin's browser a one-minute ticket for the board. */
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
