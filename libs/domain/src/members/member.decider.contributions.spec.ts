import { memberStatusOn } from './coverage';
import { RegisterHeir } from './member.decider';
import { MemberEvent } from './member.events';
import { enrolled, MEMBER_ID, paid, stateOf } from './member.fixtures';
import { given, matching, payMonth, recordDeath, deceased } from './member.decider.fixtures';

describe('docs/benefit-rules.md "Contributions and coverage": contributions', () => {
  it('records a paid month with its contribution (JKK 1% + JKM Rp 6,800)', () => {
    given([enrolled()])
      .when(payMonth('2025-01', '2025-01-10', 'payment-1'))
      .then(
        matching([
          {
            type: 'ContributionMonthPaid',
            data: {
              memberId: MEMBER_ID,
              period: '2025-01',
              paidOn: '2025-01-10',
              paymentId: 'payment-1',
              membershipNo: 1,
              amount: 16_800,
              jkk: 10_000,
              jkm: 6_800,
            },
          },
        ]),
      );
  });

  it('the amount follows the declared income and the schedule rates', () => {
    given([enrolled({ declaredMonthlyIncome: 1_500_000 })])
      .when({
        ...payMonth('2025-01', '2025-01-10'),
        policy: { contributionRates: { jkkRatePercent: 1, jkmMonthly: 7_000 } },
      })
      .then(matching([{ type: 'ContributionMonthPaid', data: { amount: 22_000, jkk: 15_000, jkm: 7_000 } }]));
  });

  it('a member-month is paid at most once: re-posting it changes nothing', () => {
    given([enrolled(), paid('2025-01', '2025-01-10')])
      .when(payMonth('2025-01', '2025-01-20', 'another-payment'))
      .then(matching([]));
  });

  it('payments may be made in advance', () => {
    given([enrolled()])
      .when(payMonth('2025-12', '2025-01-05'))
      .then(matching([{ type: 'ContributionMonthPaid', data: { period: '2025-12' } }]));
  });

  it('payments may be made late, for months before the lapse', () => {
    given([enrolled()]) // lapsed on 2025-04-01
      .when(payMonth('2025-03', '2025-04-20'))
      .then(matching([{ type: 'ContributionMonthPaid', data: { period: '2025-03', paidOn: '2025-04-20' } }]));
  });

  it('later payments do not revive a lapse: months from the lapse month on are refused', () => {
    given([
      enrolled(),
      paid('2025-01', '2025-04-02'),
      paid('2025-02', '2025-04-02'),
      paid('2025-03', '2025-04-02'),
    ])
      .when(payMonth('2025-04', '2025-04-02'))
      .thenThrows('MEMBERSHIP_NOT_ACTIVE', 'not_allowed');
    expect(
      memberStatusOn(
        stateOf([
          enrolled(),
          paid('2025-01', '2025-04-02'),
          paid('2025-02', '2025-04-02'),
          paid('2025-03', '2025-04-02'),
        ]),
        '2025-04-02',
      ),
    ).toEqual({ status: 'LAPSED', lapsedOn: '2025-04-01' });
  });

  it('a payment dated the lapse day itself prevents the lapse', () => {
    const events = given([enrolled(), paid('2025-01', '2025-01-10'), paid('2025-02', '2025-02-10')])
      .when(payMonth('2025-03', '2025-06-01'))
      .then(matching([{ type: 'ContributionMonthPaid' }]));
    const state = stateOf([
      enrolled(),
      paid('2025-01', '2025-01-10'),
      paid('2025-02', '2025-02-10'),
      ...events,
    ]);
    expect(memberStatusOn(state, '2025-06-01').status).toBe('ACTIVE');
    expect(memberStatusOn(state, '2025-07-01')).toEqual({ status: 'LAPSED', lapsedOn: '2025-07-01' });
  });

  it('a payment dated the day after the lapse day is recorded but does not prevent the lapse', () => {
    const history = [enrolled(), paid('2025-01', '2025-01-10'), paid('2025-02', '2025-02-10')];
    const events = given(history)
      .when(payMonth('2025-03', '2025-06-02'))
      .then(matching([{ type: 'ContributionMonthPaid' }]));
    expect(memberStatusOn(stateOf([...history, ...events]), '2025-06-02')).toEqual({
      status: 'LAPSED',
      lapsedOn: '2025-06-01',
    });
  });

  it('refuses months before the coverage start', () => {
    given([enrolled()]).when(payMonth('2024-12', '2024-12-10')).thenThrows('MEMBERSHIP_NOT_ACTIVE');
  });

  it('refuses an unknown member', () => {
    given([]).when(payMonth('2025-01', '2025-01-10')).thenThrows('MEMBER_NOT_FOUND', 'not_found');
  });

  it('validates period and payment date', () => {
    const error = given([enrolled()]).when(payMonth('2025-13', '2025-02-30')).thenThrows('VALIDATION');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['period', 'paidOn']);
  });
});

describe('heirs', () => {
  const registerHeir = (heir: RegisterHeir['data']['heir']): RegisterHeir => ({
    type: 'RegisterHeir',
    data: { heir },
  });
  const child = {
    heirId: 'heir-2',
    fullName: 'Budi',
    relationship: 'CHILD' as const,
    birthDate: '2015-06-01',
  };

  it('registers an heir', () => {
    given([enrolled()])
      .when(registerHeir(child))
      .then(matching([{ type: 'HeirRegistered', data: { memberId: MEMBER_ID, heir: child } }]));
  });

  it('a child heir carries a birth date', () => {
    const error = given([enrolled()])
      .when(registerHeir({ heirId: 'heir-2', fullName: 'Budi', relationship: 'CHILD' }))
      .thenThrows('VALIDATION');
    expect(error.fieldErrors).toEqual([{ field: 'heir.birthDate', message: 'is required for a CHILD heir' }]);
  });

  it('refuses an heir of an unknown member', () => {
    given([]).when(registerHeir(child)).thenThrows('MEMBER_NOT_FOUND', 'not_found');
  });

  it('registering the same heir again changes nothing; another heir under its id is a conflict', () => {
    const registered: MemberEvent = { type: 'HeirRegistered', data: { memberId: MEMBER_ID, heir: child } };
    given([enrolled(), registered]).when(registerHeir(child)).then(matching([]));
    given([enrolled(), registered])
      .when(registerHeir({ ...child, fullName: 'Rina' }))
      .thenThrows('HEIR_ALREADY_REGISTERED', 'conflict');
  });
});

describe('docs/benefit-rules.md "Claims": death happens once', () => {
  it('records the death', () => {
    given([enrolled()])
      .when(recordDeath('2025-03-15'))
      .then(
        matching([
          {
            type: 'MemberDeceased',
            data: { memberId: MEMBER_ID, dateOfDeath: '2025-03-15', claimId: 'claim-1' },
          },
        ]),
      );
  });

  it('recording the same death claim again changes nothing', () => {
    given([enrolled(), deceased('2025-03-15')])
      .when(recordDeath('2025-03-15'))
      .then(matching([]));
  });

  it('a second death claim is DUPLICATE_CLAIM', () => {
    given([enrolled(), deceased('2025-03-15')])
      .when(recordDeath('2025-04-01', 'claim-2'))
      .thenThrows('DUPLICATE_CLAIM', 'conflict');
  });

  it('the member is DECEASED and no month after the death can be paid', () => {
    const state = stateOf([enrolled(), deceased('2025-03-15')]);
    expect(state.deceasedOn).toBe('2025-03-15');
    expect(state.deathClaimId).toBe('claim-1');
    given([enrolled(), deceased('2025-03-15')])
      .when(payMonth('2025-04', '2025-03-01'))
      .thenThrows('MEMBERSHIP_NOT_ACTIVE');
  });
});
