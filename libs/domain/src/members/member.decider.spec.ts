import { contributionMonthsBefore, memberStatusOn } from './coverage';
import { MemberEvent, MemberReEnrolled } from './member.events';
import { enrolled, enrollMemberCommand, MEMBER_ID, paid, stateOf } from './member.fixtures';
import { given, matching, payMonth, deceased } from './member.decider.fixtures';

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
