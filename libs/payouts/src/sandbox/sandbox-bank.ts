import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ADVISORY_LOCKS, SqlClient } from '@app/event-store';
import {
  LedgerEntry,
  LEDGER_COLUMNS,
  readSandboxLedger,
  SANDBOX_LEDGER_SCHEMA,
  toLedgerEntry,
  toStatementCsv,
} from './sandbox-ledger';

/** What the sandbox is told to do wrong; rates are shares of transfer calls (0..1). */
export interface SandboxBehaviour {
  /** Answer 503 without booking. */
  failRate: number;
  /** Do not answer in time: half book first then hang, half hang then book (the caller cannot tell). */
  timeoutRate: number;
  /** Answer 422 ACCOUNT_REJECTED without booking: not retryable. */
  rejectRate: number;
  /** Added to every answer. */
  latencyMs: number;
  /** How long a "timeout" holds the answer: longer than the caller waits. */
  hangMs: number;
  /** How long after booking a transfer to an account ending in 9999 comes back (ACCOUNT_CLOSED). */
  returnAfterMs: number;
}

/** Rates are shares of calls; delays stay far below setTimeout's 2^31 - 1 ms limit. */
export const MAX_SANDBOX_DELAY_MS = 10 * 60_000;
const LIMITS: Record<keyof SandboxBehaviour, number> = {
  failRate: 1,
  timeoutRate: 1,
  rejectRate: 1,
  latencyMs: MAX_SANDBOX_DELAY_MS,
  hangMs: MAX_SANDBOX_DELAY_MS,
  returnAfterMs: MAX_SANDBOX_DELAY_MS,
};

/** The sandbox answers on the loopback interface only: it is no bank for other machines. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export class SandboxBehaviourError extends Error {}

export interface SandboxStats {
  transferCalls: number;
  booked: number;
  replayed: number;
  failed: number;
  rejected: number;
  timedOut: number;
  statusCalls: number;
  inquiries: number;
}

const DEFAULT_BEHAVIOUR: SandboxBehaviour = {
  failRate: 0,
  timeoutRate: 0,
  rejectRate: 0,
  latencyMs: 0,
  hangMs: 15_000,
  returnAfterMs: 2_000,
};

/**
 * docs/api.md "The built-in sandbox bank": accounts behave by their number's last digits, so
 * tests and demonstrations reach every path deterministically.
 */
export const SANDBOX_ACCOUNTS = {
  /** Does not exist. */
  unknownSuffix: '0000',
  /** Held by SANDBOX_HOLDER whatever name is given. */
  fixedHolderSuffix: '5555',
  /** Closed just after a transfer is booked: the transfer comes back. */
  closingSuffix: '9999',
} as const;
export const SANDBOX_HOLDER = 'REKENING SANDBOX';

interface PendingBooking {
  key: string;
  amount: number;
  values: unknown[];
  resolve: (booked: { entry: LedgerEntry; inserted: boolean; mismatch: boolean }) => void;
  reject: (e: unknown) => void;
}

interface SandboxDestination {
  type?: string;
  bankCode?: string;
  accountNumber?: string;
  accountName?: string;
}

/**
 * The built-in sandbox bank: a small real HTTP service with its own ledger (a table), idempotent
 * on the `Idempotency-Key` header, so a retried transfer is booked once. It can be told to fail,
 * time out or answer slowly, so tests exercise every path over the wire. It listens on loopback
 * only and every call needs `Authorization: Bearer <token>` (the token given at start, or one it
 * generates and hands to the in-process gateway client), so no other local process can read its
 * ledger, change its behaviour or book a transfer under a future payout's idempotency key.
 *
 *   POST /transfers            Idempotency-Key: <payoutId>  {amount, currency, payee, reference, claimId}
 *                              → 201 booked | 200 replayed | 503 | 422 ACCOUNT_REJECTED | 409 IDEMPOTENCY_KEY_REUSED
 *                              (body.destination: {type: ACCOUNT, bankCode, accountNumber, accountName} | {type: CASH_ORDER})
 *   POST /account-inquiries    {bankCode, accountNumber, accountName} → 200 {accountName} | 404 ACCOUNT_NOT_FOUND
 *   GET  /transfers/{key}      → 200 transfer (status BOOKED | RETURNED, returnReason) | 404
 *   GET  /transfers            → {items} the ledger;  GET /statement.csv
 *   GET|PUT /behaviour         → the failure rates;   GET /stats
 */
export class SandboxBank {
  private behaviourNow: SandboxBehaviour;
  private readonly counters: SandboxStats = {
    transferCalls: 0,
    booked: 0,
    replayed: 0,
    failed: 0,
    rejected: 0,
    timedOut: 0,
    statusCalls: 0,
    inquiries: 0,
  };
  private readonly timers = new Set<NodeJS.Timeout>();
  private bookings: PendingBooking[] = [];
  private booking = false;

  private constructor(
    private readonly db: SqlClient,
    private readonly server: Server,
    behaviour: Partial<SandboxBehaviour>,
    private readonly now: () => Date,
    /** What callers send as `Authorization: Bearer …`. */
    readonly token: string,
  ) {
    this.behaviourNow = { ...DEFAULT_BEHAVIOUR, ...checkedBehaviour(behaviour) };
  }

  static async start(options: {
    db: SqlClient;
    port?: number;
    host?: string;
    behaviour?: Partial<SandboxBehaviour>;
    /** The bank's clock for booking times (the app's Clock in-process, so tests can move time). */
    now?: () => Date;
    /** The bearer token callers must send; generated when absent. */
    token?: string;
  }): Promise<SandboxBank> {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The sandbox bank listens on loopback only, not ${host}`);
    await options.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCKS.sandboxBankLedger]);
      for (const statement of SANDBOX_LEDGER_SCHEMA.split(';')) await tx.query(statement);
    });
    const server = createServer();
    server.keepAliveTimeout = 30_000;
    const bank = new SandboxBank(
      options.db,
      server,
      options.behaviour ?? {},
      options.now ?? (() => new Date()),
      options.token || randomBytes(32).toString('base64url'),
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void bank.route(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    return bank;
  }

  get url(): string {
    const a = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  get behaviour(): SandboxBehaviour {
    return { ...this.behaviourNow };
  }

  /** Throws SandboxBehaviourError for a rate outside 0..1 or a delay above MAX_SANDBOX_DELAY_MS. */
  configure(changes: Partial<SandboxBehaviour>): SandboxBehaviour {
    this.behaviourNow = { ...this.behaviourNow, ...checkedBehaviour(changes) };
    return this.behaviour;
  }

  stats(): SandboxStats {
    return { ...this.counters };
  }

  ledger() {
    return readSandboxLedger(this.db);
  }

  async close(): Promise<void> {
    this.timers.forEach((t) => clearTimeout(t));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.authorized(req))
        return send(res, 401, {
          error: 'UNAUTHORIZED',
          message: 'Authorization: Bearer <token> is required',
        });
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const path = url.pathname.replace(/\/+$/, '');
      if (req.method === 'POST' && path === '/transfers') return await this.transfer(req, res);
      if (req.method === 'POST' && path === '/account-inquiries') return await this.inquiry(req, res);
      if (req.method === 'GET' && path.startsWith('/transfers/'))
        return await this.status(decodeURIComponent(path.slice(11)), res);
      if (req.method === 'GET' && path === '/transfers')
        return send(res, 200, { items: await this.ledger() });
      if (req.method === 'GET' && path === '/statement.csv') {
        res.writeHead(200, { 'content-type': 'text/csv' }).end(toStatementCsv(await this.ledger()));
        return;
      }
      if (req.method === 'GET' && path === '/stats') return send(res, 200, this.stats());
      if (path === '/behaviour' && req.method === 'GET') return send(res, 200, this.behaviour);
      if (path === '/behaviour' && req.method === 'PUT')
        return send(res, 200, this.configure(checkedBehaviour(behaviourFields(await readJson(req)))));
      send(res, 404, { error: 'NOT_FOUND' });
    } catch (e) {
      if (e instanceof SandboxBehaviourError)
        return send(res, 400, { error: 'INVALID_BEHAVIOUR', message: e.message });
      if (!res.headersSent) send(res, 500, { error: 'INTERNAL', message: (e as Error).message });
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const expected = Buffer.from(this.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async transfer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counters.transferCalls++;
    const key = String(req.headers['idempotency-key'] ?? '').trim();
    const body = (await readJson(req)) as {
      amount?: unknown;
      payee?: { kind?: string; name?: string };
      destination?: SandboxDestination;
      reference?: string;
      claimId?: string;
    };
    const destination = body.destination;
    if (!key) return send(res, 400, { error: 'IDEMPOTENCY_KEY_REQUIRED' });
    if (!Number.isSafeInteger(body.amount) || (body.amount as number) <= 0 || !body.payee?.name)
      return send(res, 400, {
        error: 'INVALID_TRANSFER',
        message: 'amount (whole Rupiah) and payee.name are required',
      });
    const b = this.behaviourNow;
    if (b.latencyMs > 0) await this.sleep(b.latencyMs);
    const roll = Math.random();
    if (roll < b.failRate) {
      this.counters.failed++;
      return send(res, 503, { error: 'SERVICE_UNAVAILABLE', message: 'sandbox: injected failure' });
    }
    if (destination?.type === 'ACCOUNT' && !/^\d{6,20}$/.test(destination.accountNumber ?? ''))
      return send(res, 400, {
        error: 'INVALID_TRANSFER',
        message: 'destination.accountNumber must be digits',
      });
    if (
      destination?.type === 'ACCOUNT' &&
      destination.accountNumber!.endsWith(SANDBOX_ACCOUNTS.unknownSuffix)
    ) {
      this.counters.rejected++;
      return send(res, 422, { error: 'ACCOUNT_NOT_FOUND', message: 'sandbox: no such account' });
    }
    if (roll < b.failRate + b.rejectRate) {
      this.counters.rejected++;
      return send(res, 422, { error: 'ACCOUNT_REJECTED', message: 'sandbox: injected refusal' });
    }
    const timesOut = roll < b.failRate + b.rejectRate + b.timeoutRate;
    const bookFirst = Math.random() < 0.5;
    if (timesOut) this.counters.timedOut++;
    if (timesOut && !bookFirst) await this.sleep(b.hangMs);
    const booked = await this.book(
      key,
      body.amount as number,
      body.payee,
      body.reference,
      body.claimId,
      destination,
    );
    if (timesOut && bookFirst) await this.sleep(b.hangMs);
    if (booked.mismatch)
      return send(res, 409, {
        error: 'IDEMPOTENCY_KEY_REUSED',
        message: `key ${key} was booked for ${booked.entry.amount}`,
      });
    if (booked.inserted) this.counters.booked++;
    else this.counters.replayed++;
    res.setHeader('idempotent-replayed', String(!booked.inserted));
    send(res, booked.inserted ? 201 : 200, transferBody(booked.entry));
  }

  /**
   * One atomic statement per key: concurrent requests with one key book one transfer. Bookings
   * arriving together (many workers) are written in one multi-row statement, one row per key
   * (a second request for a key in the same moment waits for the next statement).
   */
  private book(
    key: string,
    amount: number,
    payee: { kind?: string; name?: string },
    reference?: string,
    claimId?: string,
    destination?: SandboxDestination,
  ): Promise<{ entry: LedgerEntry; inserted: boolean; mismatch: boolean }> {
    // A cash order's number is what the post office pays out against.
    const prefix = destination?.type === 'CASH_ORDER' ? 'POS' : 'SBX';
    const bankReference = `${prefix}-${randomBytes(8).toString('hex').toUpperCase()}`;
    const values = [
      key,
      bankReference,
      amount,
      payee.kind ?? null,
      payee.name,
      reference ?? null,
      claimId ?? null,
      this.now().toISOString(),
      destination?.type ?? null,
      destination?.bankCode ?? null,
      destination?.accountNumber ?? null,
    ];
    return new Promise((resolve, reject) => {
      this.bookings.push({ key, amount, values, resolve, reject });
      if (!this.booking) {
        this.booking = true;
        setImmediate(() => void this.writeBookings());
      }
    });
  }

  private async writeBookings(): Promise<void> {
    try {
      while (this.bookings.length > 0) {
        const keys = new Set<string>();
        const group: PendingBooking[] = [];
        const rest: PendingBooking[] = [];
        for (const b of this.bookings)
          if (group.length < 100 && !keys.has(b.key)) {
            keys.add(b.key);
            group.push(b);
          } else rest.push(b);
        this.bookings = rest;
        try {
          const tuples = group.map(
            (_, g) => `(${Array.from({ length: 11 }, (_, c) => `$${g * 11 + c + 1}`).join(', ')})`,
          );
          const { rows } = await this.db.query<Parameters<typeof toLedgerEntry>[0] & { inserted: boolean }>(
            `INSERT INTO sandbox_bank_transfers (idempotency_key, bank_reference, amount, payee_kind, payee_name, reference, claim_id, booked_at, destination_type, bank_code, account_number)
             VALUES ${tuples.join(', ')}
             ON CONFLICT (idempotency_key) DO UPDATE SET requests = sandbox_bank_transfers.requests + 1
             RETURNING ${LEDGER_COLUMNS}, (xmax = 0) AS inserted`,
            group.flatMap((b) => b.values),
          );
          const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
          for (const b of group) {
            const row = byKey.get(b.key);
            if (!row) {
              b.reject(new Error(`no ledger row for ${b.key}`));
              continue;
            }
            const entry = toLedgerEntry(row);
            b.resolve({ entry, inserted: row.inserted === true, mismatch: entry.amount !== b.amount });
          }
        } catch (e) {
          group.forEach((b) => b.reject(e));
        }
      }
    } finally {
      this.booking = false;
    }
  }

  private async status(key: string, res: ServerResponse): Promise<void> {
    this.counters.statusCalls++;
    const { rows } = await this.db.query<Parameters<typeof toLedgerEntry>[0]>(
      `SELECT ${LEDGER_COLUMNS} FROM sandbox_bank_transfers WHERE idempotency_key = $1`,
      [key],
    );
    if (!rows[0]) return send(res, 404, { error: 'NOT_FOUND', message: `no transfer under key ${key}` });
    send(res, 200, this.withReturn(transferBody(toLedgerEntry(rows[0])), toLedgerEntry(rows[0])));
  }

  /** A transfer to an account ending in 9999 is returned once `returnAfterMs` passed since booking. */
  private withReturn<T extends object>(body: T, e: ReturnType<typeof toLedgerEntry>): T {
    const closing =
      e.destinationType === 'ACCOUNT' && e.accountNumber?.endsWith(SANDBOX_ACCOUNTS.closingSuffix);
    if (!closing || this.now().getTime() - Date.parse(e.bookedAt) < this.behaviourNow.returnAfterMs)
      return body;
    return { ...body, status: 'RETURNED', returnReason: 'ACCOUNT_CLOSED' };
  }

  /** `POST /account-inquiries {bankCode, accountNumber}` → 200 {accountName} | 404 ACCOUNT_NOT_FOUND. */
  private async inquiry(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counters.inquiries++;
    const body = (await readJson(req)) as SandboxDestination;
    const number = body.accountNumber ?? '';
    if (!/^\d{6,20}$/.test(number) || !/^\d{3,11}$/.test(body.bankCode ?? ''))
      return send(res, 400, { error: 'INVALID_INQUIRY', message: 'bankCode and accountNumber are digits' });
    if (this.behaviourNow.latencyMs > 0) await this.sleep(this.behaviourNow.latencyMs);
    if (number.endsWith(SANDBOX_ACCOUNTS.unknownSuffix))
      return send(res, 404, { error: 'ACCOUNT_NOT_FOUND', message: 'sandbox: no such account' });
    if (number.endsWith(SANDBOX_ACCOUNTS.fixedHolderSuffix))
      return send(res, 200, { accountName: SANDBOX_HOLDER });
    // Any other account is open and held by the name given with it.
    send(res, 200, { accountName: typeof body.accountName === 'string' ? body.accountName : '' });
  }

  private sleep(ms: number): Promise<void> {
    ms = Math.min(ms, MAX_SANDBOX_DELAY_MS);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}

function transferBody(e: ReturnType<typeof toLedgerEntry>) {
  return {
    idempotencyKey: e.idempotencyKey,
    bankReference: e.bankReference,
    amount: e.amount,
    bookedAt: e.bookedAt,
    payee: { kind: e.payeeKind, name: e.payeeName },
    status: 'BOOKED',
  };
}

/** The behaviour fields of a request body, unchecked (the body may carry anything). */
function behaviourFields(input: unknown): Partial<Record<keyof SandboxBehaviour, unknown>> {
  const src = (input ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(LIMITS).flatMap((k) => (k in src ? [[k, src[k]]] : [])));
}

function checkedBehaviour(
  input: Partial<Record<keyof SandboxBehaviour, unknown>>,
): Partial<SandboxBehaviour> {
  const out: Partial<SandboxBehaviour> = {};
  for (const k of Object.keys(LIMITS) as (keyof SandboxBehaviour)[]) {
    const v = input[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > LIMITS[k])
      throw new SandboxBehaviourError(`${k} must be a number from 0 to ${LIMITS[k]}`);
    out[k] = v;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1 << 20) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return {};
  }
}
