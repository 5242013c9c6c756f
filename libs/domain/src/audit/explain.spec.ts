import { jkkDeath, jkmDeath, medical } from '../claims/claim.fixtures';
import { AuditLogBuilder } from './audit.fixtures';
import { explainClaim } from './explain';

const of = (log: AuditLogBuilder, type: string, streamId?: string) =>
  log.events.find((e) => e.type === type && (!streamId || e.streamId === streamId))!;

describe('explainClaim', () => {
  it('a JKK death: each line with its formula, the schedule and regulation, the facts with their positions', () => {
    const log = new AuditLogBuilder().member({ income: 1_500_000 });
    log.submit('c-death', jkkDeath());
    log.approve('c-death');
    log.claim('c-death', () => ({
      type: 'ApproveClaim',
      data: { by: 'sup-1', roles: ['supervisor'], at: '2025-03-21T04:00:00.000Z' },
    }));
    log.schedulePayouts('c-death');
    log.pay('c-death-payout-1', '2025-04-15');

    const x = explainClaim(log.events, 'c-death')!;
    const assessed = of(log, 'ClaimAssessed');
    expect(x.total).toBe(94_000_000);
    expect(x.lines[0]).toMatchObject({
      code: 'DEATH_BENEFIT',
      amount: 72_000_000,
      formula: '48 × Rp 1,500,000 = Rp 72,000,000 (at least Rp 20,000,000)',
      scheduleVersion: 'PP82-2019',
      regulation: expect.stringContaining('PP 82/2019'),
      position: assessed.position,
    });
    expect(x.lines[1].formula).toBe('24 × Rp 500,000 = Rp 12,000,000');
    const enrolled = of(log, 'MemberEnrolled');
    expect(x.facts.income).toEqual({ amount: 1_500_000, position: enrolled.position });
    expect(x.facts.coverageStart).toEqual({ date: '2025-01-01', position: enrolled.position });
    const march = log.events.find(
      (e) => e.type === 'ContributionMonthPaid' && (e.data as { period: string }).period === '2025-03',
    )!;
    expect(x.facts.months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(x.facts.months[2]).toMatchObject({ paidOn: '2025-03-01', position: march.position });
    expect(x.facts.heirs).toEqual([
      expect.objectContaining({ fullName: 'Siti Aminah', source: 'REGISTERED', position: enrolled.position }),
    ]);
    expect(x.facts.workRelation).toMatchObject({
      decision: 'CONFIRMED',
      position: of(log, 'ClaimSubmitted').position,
    });
    expect(x.approvedBy.map((a) => [a.by, a.position])).toEqual([
      ['adj-2', of(log, 'ClaimFirstApprovalGiven').position],
      ['sup-1', of(log, 'ClaimApproved').position],
    ]);
    const penalty = x.payouts.find((p) => p.kind === 'LATE_PENALTY')!;
    expect(penalty.penalty?.formula).toMatch(/^Rp 94,000,000 × 1% × \d+ days late/);
    expect(x.reperformed).toEqual({ ok: true, mismatches: [], pending: [] });
    expect(x.positions).toEqual([...x.positions].sort((a, b) => a - b));
    expect(x.positions).toEqual(
      expect.arrayContaining([assessed.position, march.position, enrolled.position]),
    );
  });

  it('a JKM death paid to heirs of a certificate names the certificate and where it came', () => {
    const log = new AuditLogBuilder().member();
    log.submit('c-death', jkmDeath({ claimant: { fullName: 'Nur Aini', relationship: 'SPOUSE' } }));
    const added = log.claim('c-death', (context) => ({
      type: 'AddHeirCertificate',
      data: {
        by: 'adj-1',
        roles: ['adjudicator'],
        at: '2025-03-20T05:00:00.000Z',
        today: '2025-03-20',
        certificate: { reference: 'SKAW-9', heirs: [{ fullName: 'Nur Aini', relationship: 'SPOUSE' }] },
        context,
      },
    }));
    log.approve('c-death');
    const x = explainClaim(log.events, 'c-death')!;
    expect(x.facts.heirs).toEqual([
      {
        fullName: 'Nur Aini',
        relationship: 'SPOUSE',
        source: 'CERTIFICATE',
        reference: 'SKAW-9',
        position: added[0].position,
      },
    ]);
    expect(x.lines.map((l) => l.formula)).toEqual([
      'fixed Rp 20,000,000',
      '24 × Rp 500,000 = Rp 12,000,000',
      'fixed Rp 10,000,000',
    ]);
    expect(x.decisions.map((d) => d.type)).toEqual([
      'ClaimSubmitted',
      'ClaimHeirCertificateAdded',
      'ClaimApproved',
    ]);
  });

  it("carries the re-performance's verdict: a tampered line is named with its position", () => {
    const log = new AuditLogBuilder().member();
    log.submit('c-med', medical());
    log.approve('c-med');
    const assessed = of(log, 'ClaimAssessed');
    const x = explainClaim(
      log.tampered(assessed.position, (d) => (d.assessment.lines[0].amount = 9_000_000)),
      'c-med',
    )!;
    expect(x.lines[0].amount).toBe(9_000_000);
    expect(x.reperformed.ok).toBe(false);
    expect(x.reperformed.mismatches).toContainEqual(
      expect.objectContaining({
        check: 'line MEDICAL_CARE amount',
        recorded: 9_000_000,
        recomputed: 7_500_000,
        position: assessed.position,
      }),
    );
  });

  it('an unknown claim has no explanation', () => {
    expect(explainClaim(new AuditLogBuilder().member().events, 'nope')).toBeUndefined();
  });
  it('a payout whose destination was corrected shows where the money went, masked', () => {
    const log = new AuditLogBuilder().member();
    log.submit('c-med', medical());
    log.approve('c-med');
    const [scheduled] = log.schedulePayouts('c-med');
    const first = {
      type: 'ACCOUNT',
      bankCode: '002',
      accountNumber: '1234567890',
      accountName: 'RSUD Sekayu',
    };
    (scheduled.data as { destination?: unknown }).destination = first;
    log.append(scheduled.streamId, [
      {
        type: 'PayoutDestinationChanged',
        data: {
          payoutId: 'c-med-payout-1',
          change: 'CORRECTED',
          destination: { ...first, accountNumber: '9876543210' },
          reason: 'ACCOUNT_NOT_FOUND',
          destinationChanges: 1,
          retry: 0,
          by: 'fin-1',
          at: '2025-03-22T03:00:00.000Z',
        },
      },
    ]);
    const x = explainClaim(log.events, 'c-med')!;
    expect(x.payouts[0].destination).toEqual({ ...first, accountNumber: '••••3210' });
  });
});
