import { specFor } from '../shared/testing';
import { contributionMonthsBefore, memberStatusOn } from './coverage';
import { memberDecider, RecordContributionMonth, RecordDeath, RegisterHeir } from './member.decider';
import { MemberDeceased, MemberEvent, MemberReEnrolled } from './member.events';
import { enrolled, enrollMemberCommand, MEMBER_ID, paid, stateOf } from './member.fixtures';

const given = specFor(memberDecider);

/** Events match when they contain the expected fields (a partial, deep). */
const matching = (expected: unknown[]) => (events: MemberEvent[]) => expect(events).toMatchObject(expected);

const payMonth = (period: string, paidOn: string, paymentId = `pay-${period}`): RecordContributionMonth => ({
  type: 'RecordContributionMonth',
  data: { period, paidOn, paymentId },
});
const recordDeath = (dateOfDeath: string, claimId = 'claim-1'): RecordDeath => ({
  type: 'RecordDeath',
  data: { dateOfDeath, claimId },
});
const deceased = (dateOfDeath: string, claimId = 'claim-1'): MemberDeceased => ({
  type: 'MemberDeceased',
  data: { memberId: MEMBER_ID, dateOfDeath, claimId },
});

describe('docs/benefit-rules.md "Members": enrollment', () => {
  it('enrolls a new person as membership 1 with the programme default income', () => {
    given([])
      .when(enrollMemberCommand())
      .then(
        matching([
          {
            type: 'MemberEnrolled',
            data: {
              memberId: MEMBER_ID,
              nik: '1606011205850001',
              membershipNo: 1,
              declaredMonthlyIncome: 1_000_000,
              coverageStart: '2025-01-01',
              heirs: [{ heirId: 'heir-1', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
              enrolledOn: '2025-01-01',
            },
          },
        ]),
      );
  });

  it('keeps a declared income above the minimum', () => {
    given([])
      .when(enrollMemberCommand({ declaredMonthlyIncome: 2_500_000 }))
      .then(matching([{ type: 'MemberEnrolled', data: { declaredMonthlyIncome: 2_500_000 } }]));
  });

  it('rejects an invalid enrollment with field errors', () => {
    const error = given([])
      .when(enrollMemberCommand({ nik: '1606011305850001', coverageStart: '2025-01-02' }))
      .thenThrows('VALIDATION', 'validation');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['nik', 'coverageStart']);
  });

  it('rejects heirs without distinct heir ids', () => {
    const error = given([])
      .when(
        enrollMemberCommand({
          heirs: [
            { heirId: 'h', fullName: 'A', relationship: 'SPOUSE' },
            { heirId: 'h', fullName: 'B', relationship: 'CHILD', birthDate: '2015-01-01' },
          ],
        }),
      )
      .thenThrows('VALIDATION');
    expect(error.fieldErrors).toEqual([{ field: 'heirs[1].heirId', message: 'duplicate heirId h' }]);
  });

  it('the minimum income comes from the policy', () => {
    given([])
      .when({
        ...enrollMemberCommand({ declaredMonthlyIncome: 1_000_000 }),
        policy: { minimumMonthlyIncome: 1_100_000 },
      })
      .thenThrows('VALIDATION');
  });
});

describe('docs/benefit-rules.md "Members": one person, one membership', () => {
  it('refuses a second enrollment of the same NIK while the membership is active, naming the member', () => {
    const error = given([enrolled()])
      .when(enrollMemberCommand({ today: '2025-02-15', coverageStart: '2025-03-01' }))
      .thenThrows('MEMBER_ALREADY_ENROLLED', 'conflict');
    expect(error.details).toEqual({ memberId: MEMBER_ID });
  });

  it('refuses it on the day before the lapse date', () => {
    given([enrolled()]) // nothing paid: lapses on 2025-04-01
      .when(enrollMemberCommand({ today: '2025-03-31', coverageStart: '2025-04-01' }))
      .thenThrows('MEMBER_ALREADY_ENROLLED', 'conflict');
  });

  it('refuses to enroll a deceased person again', () => {
    given([enrolled(), deceased('2025-02-01')])
      .when(enrollMemberCommand({ today: '2025-09-01', coverageStart: '2025-10-01' }))
      .thenThrows('MEMBER_DECEASED', 'conflict');
  });

  it('refuses a command for another NIK on this member stream', () => {
    given([enrolled()])
      .when(enrollMemberCommand({ nik: '1606011205850002', today: '2025-09-01' }))
      .thenThrows('NIK_MISMATCH', 'conflict');
  });
});

describe('docs/benefit-rules.md "Contributions and coverage": a lapsed person may be re-enrolled, which starts a new membership from zero', () => {
  const lapsedHistory: MemberEvent[] = [enrolled(), paid('2025-01', '2025-01-10')]; // lapses 2025-05-01

  it('re-enrolls on the lapse date itself as membership 2 from the new coverage start', () => {
    given(lapsedHistory)
      .when(
        enrollMemberCommand({
          today: '2025-05-01',
          coverageStart: '2025-06-01',
          village: 'Kayuara',
          heirs: [],
        }),
      )
      .then(
        matching([
          {
            type: 'MemberReEnrolled',
            data: {
              memberId: MEMBER_ID,
              membershipNo: 2,
              coverageStart: '2025-06-01',
              village: 'Kayuara',
              reEnrolledOn: '2025-05-01',
              previousMembershipLapsedOn: '2025-05-01',
              // no heirs given: the registered heirs carry over
              heirs: [{ heirId: 'heir-1', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
            },
          },
        ]),
      );
  });

  it('paid months and contribution months start again from zero', () => {
    const [reEnrolled] = given(lapsedHistory)
      .when(enrollMemberCommand({ today: '2025-07-10', coverageStart: '2025-08-01' }))
      .then(matching([{ type: 'MemberReEnrolled' }]));
    const state = stateOf([...lapsedHistory, reEnrolled]);
    expect(state.membershipNo).toBe(2);
    expect(state.paidMonths).toEqual([]);
    expect(contributionMonthsBefore(state, '2025-12-31')).toBe(0);
    expect(memberStatusOn(state, '2025-08-01')).toEqual({ status: 'ACTIVE' });
  });

  it('a new membership may not start before the previous one lapsed', () => {
    const error = given(lapsedHistory)
      .when(enrollMemberCommand({ today: '2025-07-10', coverageStart: '2025-04-01' }))
      .thenThrows('VALIDATION');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['coverageStart']);
  });

  it('a payment recorded for the previous membership does not count toward the new one', () => {
    const reEnrolled: MemberReEnrolled = {
      type: 'MemberReEnrolled',
      data: {
        ...enrolled().data,
        membershipNo: 2,
        coverageStart: '2025-08-01',
        reEnrolledOn: '2025-07-10',
        previousMembershipLapsedOn: '2025-05-01',
      },
    };
    const state = stateOf([...lapsedHistory, reEnrolled, paid('2025-08', '2025-08-05', 1)]);
    expect(state.paidMonths).toEqual([]);
  });

  it('the new membership records its payments under its own number', () => {
    const reEnrolled: MemberReEnrolled = {
      type: 'MemberReEnrolled',
      data: {
        ...enrolled().data,
        membershipNo: 2,
        coverageStart: '2025-08-01',
        reEnrolledOn: '2025-07-10',
        previousMembershipLapsedOn: '2025-05-01',
      },
    };
    given([...lapsedHistory, reEnrolled])
      .when(payMonth('2025-08', '2025-08-05'))
      .then(matching([{ type: 'ContributionMonthPaid', data: { membershipNo: 2, period: '2025-08' } }]));
  });
});

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
