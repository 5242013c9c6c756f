import { jkkDeath, jkmDeath, medical, scholarship } from '../claims/claim.fixtures';
import { AuditLogBuilder, paidLateLog as paidLate } from './audit.fixtures';
import { AuditEvent, reperformClaims } from './reperform';

const at = (events: AuditEvent[], type: string) => events.find((e) => e.type === type)!;

/** given a log the deciders wrote; when it is re-performed; then these mismatches (or none). */
function given(build: (log: AuditLogBuilder) => void): AuditLogBuilder {
  const log = new AuditLogBuilder().member();
  build(log);
  return log;
}

const reopenedAndRecovered = () =>
  given((l) => {
    l.submit('c-med', medical());
    l.approve('c-med');
    l.schedulePayouts('c-med');
    l.pay('c-med-payout-1', '2025-03-25');
    // March reversed: reopened, the claim is not covered and is rejected; what was paid is owed back.
    l.memberEvent({
      type: 'ContributionMonthReversed',
      data: {
        memberId: 'member-1',
        period: '2025-03',
        paymentId: 'pay-2025-03-2025-03-01',
        reversalId: 'rev-1',
        membershipNo: 1,
        amount: 16_800,
        reason: 'returned',
      },
    });
    l.claim('c-med', (context) => ({
      type: 'ReopenClaim',
      data: {
        by: 'sup-1',
        roles: ['supervisor'],
        at: '2025-04-01T03:00:00.000Z',
        note: 'reversed',
        today: '2025-04-01',
        context,
      },
    }));
    l.claim('c-med', () => ({
      type: 'RejectClaim',
      data: {
        by: 'adj-2',
        roles: ['adjudicator'],
        at: '2025-04-01T04:00:00.000Z',
        reasonCode: 'CONTRIBUTION_UNPAID',
        note: 'reversed',
      },
    }));
    // A later claim paid to the same provider: the overpayment is recovered from it.
    l.memberEvent({
      type: 'ContributionMonthPaid',
      data: {
        memberId: 'member-1',
        period: '2025-03',
        paidOn: '2025-04-02',
        paymentId: 'pay-late',
        membershipNo: 1,
        amount: 16_800,
        jkk: 10_000,
        jkm: 6_800,
      },
    });
    l.submit(
      'c-med3',
      medical({ invoiceAmount: 9_000_000, incidentDate: '2025-03-15', reportedOn: '2025-04-03' }),
      '2025-04-03',
    );
    l.approve('c-med3', 'adj-2', ['adjudicator'], '2025-04-03T04:00:00.000Z');
    l.schedulePayouts('c-med3');
    // Reopened again once the month is paid: approved again, a TOP_UP.
    l.claim('c-med', (context) => ({
      type: 'ReopenClaim',
      data: {
        by: 'sup-1',
        roles: ['supervisor'],
        at: '2025-04-04T03:00:00.000Z',
        note: 'paid again',
        today: '2025-04-04',
        context,
      },
    }));
    l.approve('c-med', 'adj-3', ['adjudicator'], '2025-04-04T04:00:00.000Z');
    l.schedulePayouts('c-med');
  });

describe('reperformClaims', () => {
  describe('a correct log gives no mismatch', () => {
    it('JKK lines of several claims of one accident, approved and paid on time', () => {
      const log = given((l) => {
        l.submit('c-med', medical());
        l.submit('c-med2', medical({ provider: 'Klinik Sekayu', invoiceAmount: 1_250_000 }));
        l.approve('c-med');
        l.approve('c-med2');
        l.schedulePayouts('c-med');
        l.pay('c-med-payout-1', '2025-03-25');
      });
      const result = reperformClaims(log.events);
      expect(result.mismatches).toEqual([]);
      expect(result.claimsChecked).toBe(2);
      expect(result.linesChecked).toBe(2);
      expect(result.payoutsChecked).toBe(1);
    });

    it('a JKM death with heirs from a certificate', () => {
      const log = given((l) => {
        l.submit(
          'c-death',
          jkmDeath({
            claimant: { fullName: 'Nur Aini', relationship: 'SPOUSE' },
            heirCertificate: {
              reference: 'SKAW-1',
              heirs: [{ fullName: 'Nur Aini', relationship: 'SPOUSE' }],
            },
          }),
        );
        l.approve('c-death');
      });
      const result = reperformClaims(log.events);
      expect(result.mismatches).toEqual([]);
      expect(result.claimsChecked).toBe(1);
      expect(result.linesChecked).toBe(3);
    });

    it('a scholarship on an approved JKK death', () => {
      const log = given((l) => {
        l.submit('c-death', jkkDeath());
        l.approve('c-death');
        l.claim('c-death', () => ({
          type: 'ApproveClaim',
          data: { by: 'sup-1', roles: ['supervisor'], at: '2025-03-21T04:00:00.000Z' },
        }));
        l.submit(
          'c-school',
          scholarship({
            basisClaimId: 'c-death',
            child: { fullName: 'Rahmat Fauzi', birthDate: '2015-03-10' },
            heirCertificate: {
              reference: 'SKAW-2',
              heirs: [{ fullName: 'Rahmat Fauzi', relationship: 'CHILD', birthDate: '2015-03-10' }],
            },
          }),
          '2025-07-15',
        );
        l.approve('c-school', 'adj-2', ['adjudicator'], '2025-07-16T03:00:00.000Z');
      });
      const result = reperformClaims(log.events);
      expect(log.events.filter((e) => e.type === 'ClaimApproved')).toHaveLength(2);
      expect(result.mismatches).toEqual([]);
      expect(result.claimsChecked).toBe(2);
    });

    it('a late payment and its penalty', () => {
      const log = paidLate();
      expect(
        log.events.some(
          (e) => e.type === 'PayoutScheduled' && (e.data as { kind: string }).kind === 'LATE_PENALTY',
        ),
      ).toBe(true);
      expect(reperformClaims(log.events).mismatches).toEqual([]);
    });

    it('a reopened claim with a TOP_UP, and a recovery from a later payout', () => {
      const log = reopenedAndRecovered();
      const types = log.events.map((e) => e.type);
      expect(types).toContain('ClaimOverpaymentRecovered');
      expect(log.events.some((e) => (e.data as { kind?: string }).kind === 'TOP_UP')).toBe(true);
      expect(reperformClaims(log.events).mismatches).toEqual([]);
    });
  });

  describe('a stored amount the rules do not give is found at its position', () => {
    it('a line of an assessment', () => {
      const log = paidLate();
      const assessed = at(log.events, 'ClaimAssessed');
      const result = reperformClaims(
        log.tampered(assessed.position, (d) => (d.assessment.lines[0].amount = 50_000_000)),
      );
      expect(result.mismatches).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            claimId: 'c-death',
            check: 'line DEATH_BENEFIT amount',
            recorded: 50_000_000,
            recomputed: 48_000_000,
            position: assessed.position,
          }),
        ]),
      );
    });

    it('the total of an approval, and its payout', () => {
      const log = paidLate();
      const approved = at(log.events, 'ClaimApproved');
      const result = reperformClaims(
        log.tampered(approved.position, (d) => {
          d.total = 80_000_000;
          d.payouts[0].amount = 80_000_000;
        }),
      );
      const found = result.mismatches.filter((m) => m.position === approved.position).map((m) => m.check);
      expect(found).toEqual(expect.arrayContaining(['approved total', 'payout c-death-payout-1 amount']));
    });

    it('a scheduled payout amount', () => {
      const log = paidLate();
      const scheduled = at(log.events, 'PayoutScheduled');
      const result = reperformClaims(log.tampered(scheduled.position, (d) => (d.amount = 69_000_000)));
      expect(result.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'payout c-death-payout-1 amount',
          recorded: 69_000_000,
          recomputed: 70_000_000,
          position: scheduled.position,
        }),
      );
    });

    it('a late penalty', () => {
      const log = paidLate();
      const penalty = log.events.find(
        (e) => e.type === 'PayoutScheduled' && (e.data as { kind: string }).kind === 'LATE_PENALTY',
      )!;
      const owed = (penalty.data as { amount: number }).amount;
      const result = reperformClaims(log.tampered(penalty.position, (d) => (d.amount = owed * 2)));
      expect(result.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'penalty c-death-payout-1-late-penalty amount',
          recorded: owed * 2,
          recomputed: owed,
          position: penalty.position,
        }),
      );
    });

    it('an assessment that relied on a member revision with another income', () => {
      const log = paidLate();
      const assessed = at(log.events, 'ClaimAssessed');
      const enrolledEvent = log.events[0];
      const result = reperformClaims(
        log.tampered(enrolledEvent.position, (d) => (d.declaredMonthlyIncome = 2_000_000)),
      );
      expect(result.mismatches).toContainEqual(
        expect.objectContaining({
          check: 'line DEATH_BENEFIT amount',
          recorded: 48_000_000,
          recomputed: 96_000_000,
          position: assessed.position,
        }),
      );
    });
    it('a recovery deducted from a later payout, and a TOP_UP', () => {
      const log = reopenedAndRecovered();
      const recovered = at(log.events, 'ClaimOverpaymentRecovered');
      const owed = (recovered.data as { amount: number }).amount;
      const result = reperformClaims(log.tampered(recovered.position, (d) => (d.amount = owed - 1)));
      expect(result.mismatches).toContainEqual(
        expect.objectContaining({
          check: expect.stringMatching(/^recovery on payout /),
          recorded: owed - 1,
          recomputed: owed,
          position: recovered.position,
        }),
      );
      const topUp = log.events.find(
        (e) => e.type === 'ClaimApproved' && (e.data as { adjustment?: unknown }).adjustment,
      )!;
      const again = reperformClaims(log.tampered(topUp.position, (d) => (d.payouts[0].amount += 1_000)));
      expect(again.mismatches).toContainEqual(
        expect.objectContaining({
          check: expect.stringMatching(/^payout c-med-topup-\d+-1 amount$/),
          position: topUp.position,
        }),
      );
    });
  });
});
