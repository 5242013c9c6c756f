import { openSqlClient, SqlClient } from '@app/event-store';
import { AppConfig, Clock, ConfigError, SystemClock } from '@app/platform';
import { freshSchema } from '@app/testing';
import { HttpDisbursementGateway } from '../gateway/http-disbursement-gateway';
import { PayoutSettings } from '../payout-settings';
import { parseStatementCsv } from '../reconcile/reconcile';
import { MAX_SANDBOX_DELAY_MS, SandboxBank } from './sandbox-bank';
import { SandboxBankService } from './sandbox-bank.service';
import { toStatementCsv } from './sandbox-ledger';

describe('the sandbox bank (real HTTP, PostgreSQL)', () => {
  let db: SqlClient;
  let drop: () => Promise<void>;
  let bank: SandboxBank;
  let gateway: HttpDisbursementGateway;

  beforeAll(async () => {
    const schema = await freshSchema('sandbox');
    drop = schema.drop;
    db = await openSqlClient(schema.url);
    bank = await SandboxBank.start({ db });
    gateway = new HttpDisbursementGateway(
      () => bank.url,
      () => 5_000,
      () => bank.token,
    );
  });
  afterAll(async () => {
    await bank?.close();
    await db?.close();
    await drop?.();
  });

  const call = (path: string, init: RequestInit = {}) => fetch(`${bank.url}${path}`, init);

  describe('accounts behave by their number (docs/api.md "The built-in sandbox bank")', () => {
    const account = (accountNumber: string) => ({
      bankCode: '014',
      accountNumber,
      accountName: 'Siti Aminah',
    });
    const payee = { kind: 'HEIR' as const, name: 'Siti Aminah' };

    it('…0000 does not exist: the inquiry says so and a transfer is refused', async () => {
      expect(await gateway.accountInquiry(account('8012340000'))).toEqual({ found: false });
      await expect(
        gateway.transfer({
          idempotencyKey: 'acct-0000',
          amount: 1_000,
          payee,
          destination: { type: 'ACCOUNT', ...account('8012340000') },
          reference: 'acct-0000',
          claimId: 'c',
        }),
      ).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    });

    it('…5555 is held by REKENING SANDBOX; any other account by the name given with it', async () => {
      expect(await gateway.accountInquiry(account('8012345555'))).toEqual({
        found: true,
        holderName: 'REKENING SANDBOX',
      });
      expect(await gateway.accountInquiry(account('8012341234'))).toEqual({
        found: true,
        holderName: 'Siti Aminah',
      });
    });

    it('…9999 is closed just after booking: the transfer comes back RETURNED, ACCOUNT_CLOSED', async () => {
      bank.configure({ returnAfterMs: 200 });
      const booked = await gateway.transfer({
        idempotencyKey: 'acct-9999',
        amount: 1_000,
        payee,
        destination: { type: 'ACCOUNT', ...account('8012349999') },
        reference: 'acct-9999',
        claimId: 'c',
      });
      expect((await gateway.transferStatus('acct-9999'))?.status).toBe('BOOKED');
      await new Promise((r) => setTimeout(r, 250));
      expect(await gateway.transferStatus('acct-9999')).toMatchObject({
        bankReference: booked.bankReference,
        status: 'RETURNED',
        returnReason: 'ACCOUNT_CLOSED',
      });
    });

    it('a cash order is booked with a post-office order number', async () => {
      const order = await gateway.transfer({
        idempotencyKey: 'cash-1',
        amount: 1_000,
        payee,
        destination: { type: 'CASH_ORDER' },
        reference: 'cash-1',
        claimId: 'c',
      });
      expect(order.bankReference).toMatch(/^POS-/);
    });
  });

  it('listens on loopback only and refuses any other interface', async () => {
    expect(new URL(bank.url).hostname).toBe('127.0.0.1');
    await expect(SandboxBank.start({ db, host: '0.0.0.0' })).rejects.toThrow('loopback only');
  });

  it('answers nothing without its token: no ledger, no statement, no behaviour change', async () => {
    for (const path of ['/transfers', '/statement.csv', '/behaviour', '/stats']) {
      expect((await call(path)).status).toBe(401);
      expect((await call(path, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    }
    const put = await call('/behaviour', { method: 'PUT', body: JSON.stringify({ failRate: 1 }) });
    expect(put.status).toBe(401);
    expect(bank.behaviour.failRate).toBe(0);
  });

  it('a transfer pre-booked by another local process under a future payout id cannot block that payout', async () => {
    const payoutId = 'claim-future-payout-1';
    const preBook = await call('/transfers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': payoutId },
      body: JSON.stringify({ amount: 1, payee: { name: 'Mallory' } }),
    });
    expect(preBook.status).toBe(401);
    const paid = await gateway.transfer({
      idempotencyKey: payoutId,
      amount: 4_000_000,
      payee: { kind: 'MEMBER', name: 'Siti Rahmawati' } as never,
      reference: 'JKK',
      claimId: 'claim-future',
    });
    expect(paid).toMatchObject({ idempotencyKey: payoutId, amount: 4_000_000 });
    expect(await gateway.transferStatus(payoutId)).toMatchObject({ amount: 4_000_000 });
  });

  it('hangMs and latencyMs are bounded (no timer overflow), rates are shares: 400 otherwise', async () => {
    const auth = { authorization: `Bearer ${bank.token}`, 'content-type': 'application/json' };
    for (const body of [{ hangMs: 1e12 }, { latencyMs: 2 ** 31 }, { failRate: 2 }, { timeoutRate: -1 }]) {
      const res = await call('/behaviour', { method: 'PUT', headers: auth, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
    expect(bank.behaviour.hangMs).toBeLessThanOrEqual(MAX_SANDBOX_DELAY_MS);
    expect(() => bank.configure({ hangMs: 1e12 })).toThrow('hangMs');
    const ok = await call('/behaviour', {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ hangMs: 2_000 }),
    });
    expect(await ok.json()).toMatchObject({ hangMs: 2_000 });
  });

  it('statement.csv escapes formula cells, and the reconciliation reads them back', async () => {
    const names = ['=HYPERLINK("http://x","y")', '+62 811', '-1', '@SUM(A1)', '\tTab', '\rCR', 'Siti'];
    for (const [i, name] of names.entries())
      await gateway.transfer({
        idempotencyKey: `csv-${i}`,
        amount: 1_000 + i,
        payee: { kind: 'MEMBER', name } as never,
        reference: 'JKK',
        claimId: 'c',
      });
    const res = await call('/statement.csv', { headers: { authorization: `Bearer ${bank.token}` } });
    const csv = await res.text();
    const lines = csv.split('\n');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const line of lines.slice(1).filter(Boolean))
      for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    const parsed = parseStatementCsv(csv);
    expect(parsed.filter((e) => e.idempotencyKey.startsWith('csv-')).map((e) => e.payeeName)).toEqual(names);
    expect(toStatementCsv([])).toBe('bankReference,idempotencyKey,amount,payeeName,bookedAt\n');
  });
});

describe('production and the sandbox bank', () => {
  const service = (config: Partial<AppConfig>) =>
    new SandboxBankService(
      {} as SqlClient,
      { nodeEnv: 'production', payoutSandbox: false, ...config } as AppConfig,
      new PayoutSettings(),
      new SystemClock() as Clock,
    );

  it('refuses to start without PAYOUT_GATEWAY_URL unless PAYOUT_SANDBOX=true', async () => {
    await expect(service({}).onModuleInit()).rejects.toThrow(ConfigError);
    await expect(service({}).onModuleInit()).rejects.toThrow('PAYOUT_SANDBOX=true');
    await expect(
      service({ payoutGatewayUrl: 'https://bank.example' }).onModuleInit(),
    ).resolves.toBeUndefined();
  });
});
