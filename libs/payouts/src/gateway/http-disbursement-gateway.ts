import {
  BankTransfer,
  DisbursementGateway,
  TransferNotBooked,
  TransferOutcomeUnknown,
  TransferRejected,
  TransferRequest,
  AccountInquiry,
} from './disbursement-gateway';

interface TransferBody {
  idempotencyKey: string;
  bankReference: string;
  amount: number;
  bookedAt: string;
  payee?: BankTransfer['payee'];
  status?: BankTransfer['status'];
  returnReason?: string;
  accountName?: string;
  error?: string;
  message?: string;
}

/**
 * The bank's HTTP API (PAYOUT_GATEWAY_URL, or the sandbox's): `POST /transfers` with the payout
 * id as `Idempotency-Key`, so a retried transfer is booked once; `GET /transfers/{key}` for status.
 */
export class HttpDisbursementGateway extends DisbursementGateway {
  /** `baseUrl` and `token` may be resolved late: the in-process sandbox picks them when it starts. */
  constructor(
    private readonly base: string | (() => string),
    private readonly timeoutMs: () => number,
    private readonly token: () => string | undefined = () => undefined,
  ) {
    super();
  }

  private get baseUrl(): string {
    return (typeof this.base === 'function' ? this.base() : this.base).replace(/\/+$/, '');
  }

  describe(): string {
    return this.baseUrl;
  }

  async transfer(request: TransferRequest): Promise<BankTransfer> {
    const res = await this.call(`${this.baseUrl}/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
      body: JSON.stringify({
        amount: request.amount,
        currency: 'IDR',
        payee: request.payee,
        ...(request.destination ? { destination: request.destination } : {}),
        reference: request.reference,
        claimId: request.claimId,
      }),
    });
    const body = await this.json(res);
    if (res.status === 200 || res.status === 201) return toTransfer(body);
    const detail = `${res.status} ${body.error ?? ''} ${body.message ?? ''}`.trim();
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new TransferNotBooked(
        body.error ?? `HTTP_${res.status}`,
        `the bank did not book the transfer: ${detail}`,
      );
    throw new TransferRejected(
      body.error ?? `HTTP_${res.status}`,
      `the bank refused the transfer: ${detail}`,
    );
  }

  async transferStatus(idempotencyKey: string): Promise<BankTransfer | undefined> {
    const res = await this.call(`${this.baseUrl}/transfers/${encodeURIComponent(idempotencyKey)}`, {
      method: 'GET',
    });
    const body = await this.json(res);
    if (res.status === 404) return undefined;
    if (res.status === 200) return toTransfer(body);
    throw new TransferOutcomeUnknown(
      'NETWORK',
      `the bank could not report the transfer's status: ${res.status}`,
    );
  }

  /** `POST /account-inquiries` (the account number stays out of URLs and access logs). */
  async accountInquiry(account: {
    bankCode: string;
    accountNumber: string;
    accountName: string;
  }): Promise<AccountInquiry> {
    const res = await this.call(`${this.baseUrl}/account-inquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    const body = await this.json(res);
    if (res.status === 404) return { found: false };
    if (res.status === 200 && typeof body.accountName === 'string')
      return { found: true, holderName: body.accountName };
    throw new TransferNotBooked(
      body.error ?? `HTTP_${res.status}`,
      `the bank could not answer the account inquiry: ${res.status}`,
    );
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    const timeout = this.timeoutMs();
    const token = this.token();
    const headers = {
      ...(init.headers as Record<string, string>),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeout) });
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError')
        throw new TransferOutcomeUnknown('TIMEOUT', `no answer from the bank within ${timeout} ms`);
      throw new TransferOutcomeUnknown(
        'NETWORK',
        `no answer from the bank: ${(err as { cause?: Error }).cause?.message ?? err.message}`,
      );
    }
  }

  private async json(res: Response): Promise<TransferBody> {
    try {
      return (await res.json()) as TransferBody;
    } catch {
      return {} as TransferBody;
    }
  }
}

function toTransfer(body: TransferBody): BankTransfer {
  if (typeof body.bankReference !== 'string' || typeof body.amount !== 'number')
    throw new TransferOutcomeUnknown('NETWORK', 'the bank answered without a reference');
  return {
    idempotencyKey: body.idempotencyKey,
    bankReference: body.bankReference,
    amount: body.amount,
    bookedAt: body.bookedAt,
    ...(body.payee ? { payee: body.payee } : {}),
    ...(body.status ? { status: body.status } : {}),
    ...(body.returnReason ? { returnReason: body.returnReason } : {}),
  };
}
