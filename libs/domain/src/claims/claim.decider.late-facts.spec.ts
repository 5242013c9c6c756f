import { ClaimEvent, LateFact } from './claim.events';
import { context, jkkDeath, jkmDeath, medical, member, paidMonths, PARENT, SPOUSE } from './claim.fixtures';
import { AT, approve, spec, stateAfter, submitted, then } from './claim.decider.fixtures';
import { ClaimContext } from './claim.commands';

const fact = (position: number, o: Partial<LateFact> = {}): LateFact => ({
  position,
  type: 'ContributionMonthPaid',
  streamId: 'member-member-1',
  eventId: `fact-${position}`,
  ...o,
});
const reassess = (f: LateFact, ctx: ClaimContext = context()) => ({
  type: 'ReassessClaim' as const,
  data: { fact: f, by: 'system:claim-reassessment', at: AT, today: '2025-03-20', context: ctx },
});
const unpaidMarch = () => context({ member: member({ paidMonths: paidMonths('2020-01', '2025-02') }) });

describe('ReassessClaim: late facts re-assess undecided claims', () => {
  const unpaid = () => submitted(medical(), { context: unpaidMarch() });

  it('a late payment cures CONTRIBUTION_UNPAID, recording the fact that triggered it', () => {
    expect(stateAfter(unpaid()).assessment.reasons.map((r) => r.code)).toEqual(['CONTRIBUTION_UNPAID']);
    const events = then(unpaid(), reassess(fact(42)));
    const last = events.at(-1) as Extract<ClaimEvent, { type: 'ClaimAssessed' }>;
    expect(last.data).toMatchObject({
      trigger: 'LATE_FACT',
      fact: { position: 42, type: 'ContributionMonthPaid' },
    });
    expect(last.id).toBe('claim-1:reassessed:42');
    expect(stateAfter(events).assessment.eligible).toBe(true);
  });

  it('one fact re-assesses a claim once: a replay, or an earlier fact, writes nothing', () => {
    const once = then(unpaid(), reassess(fact(42)));
    spec(once)
      .when(reassess(fact(42)))
      .then([]);
    spec(once)
      .when(reassess(fact(41)))
      .then([]);
  });

  it('a member fact the assessment already read writes nothing', () => {
    const seen = submitted(medical(), { context: { ...unpaidMarch(), memberRevision: 80 } });
    spec(seen)
      .when(reassess(fact(99, { memberRevision: 80 })))
      .then([]);
    expect(then(seen, reassess(fact(99, { memberRevision: 81 })))).toHaveLength(seen.length + 1);
  });

  it('the same assessment again writes nothing', () => {
    spec(submitted(medical()))
      .when(reassess(fact(7)))
      .then([]);
  });

  it('a first approval on an assessment the fact changed is void: back to ASSESSED', () => {
    const withParent = context({ member: member({ heirs: [PARENT] }) });
    const parentClaims = jkkDeath({ claimant: { fullName: PARENT.fullName, relationship: 'PARENT' } });
    const awaiting = then(
      submitted(parentClaims, { context: withParent }),
      approve('adj-2', ['adjudicator']),
    );
    expect(stateAfter(awaiting).status).toBe('AWAITING_SECOND_APPROVAL');
    const widowRegistered = context({ member: member({ heirs: [PARENT, SPOUSE] }) });
    const after = stateAfter(then(awaiting, reassess(fact(9, { type: 'HeirRegistered' }), widowRegistered)));
    expect(after.status).toBe('ASSESSED');
    expect(after.approvals).toEqual([]);
  });

  it('a claim already APPROVED or REJECTED is not re-assessed', () => {
    const approved = then(submitted(jkmDeath()), approve('adj-2', ['adjudicator']));
    spec(approved)
      .when(reassess(fact(5), unpaidMarch()))
      .then([]);
    const rejected = then(unpaid(), {
      type: 'RejectClaim',
      data: {
        by: 'adj-2',
        roles: ['adjudicator'],
        at: AT,
        reasonCode: 'CONTRIBUTION_UNPAID',
        note: 'unpaid',
      },
    });
    spec(rejected)
      .when(reassess(fact(5)))
      .then([]);
  });
});

describe('AddHeirCertificate', () => {
  const certificate = {
    reference: ' SKAW/474 ',
    heirs: [{ fullName: 'Siti Aminah ', relationship: 'SPOUSE' as const }],
  };
  const add = (c: unknown = certificate, ctx: ClaimContext = context({ member: member({ heirs: [] }) })) => ({
    type: 'AddHeirCertificate' as const,
    data: {
      certificate: c as typeof certificate,
      by: 'adj-2',
      roles: ['adjudicator'],
      at: AT,
      today: '2025-03-20',
      context: ctx,
    },
  });
  const noHeir = () => submitted(jkmDeath(), { context: context({ member: member({ heirs: [] }) }) });

  it('an undecided claim is re-assessed: the widow on the certificate is paid in full', () => {
    const events = then(noHeir(), add());
    expect(events.at(-2)).toMatchObject({
      type: 'ClaimHeirCertificateAdded',
      data: {
        certificate: { reference: 'SKAW/474', heirs: [{ fullName: 'Siti Aminah', relationship: 'SPOUSE' }] },
      },
    });
    expect(stateAfter(events).assessment.total).toBe(42_000_000);
  });

  it('a decided claim records it and keeps its assessment', () => {
    const approved = then(noHeir(), approve('adj-2', ['adjudicator']));
    const events = then(approved, add());
    expect(events.at(-1)).toMatchObject({
      type: 'ClaimHeirCertificateAdded',
      data: { claimStatus: 'APPROVED' },
    });
    expect(stateAfter(events).assessment).toEqual(stateAfter(approved).assessment);
  });

  it('only death claims and scholarships take one; its fields are checked', () => {
    spec(submitted(medical())).when(add()).thenThrows('HEIR_CERTIFICATE_NOT_APPLICABLE', 'not_allowed');
    spec(noHeir())
      .when(add({ reference: 'x', heirs: [] }))
      .thenThrows('VALIDATION', 'validation');
  });
});
