import { AppendContext, EventStore, StreamWrite } from '@app/event-store';
import { asClaim, ClaimRequest, ClaimState, claimDecider, ClaimEvent } from '@app/domain/claims';
import { MemberEvent, MemberState, memberDecider, rosterRowToEnrollment } from '@app/domain/members';
import { addMonths, DomainEvent } from '@app/domain/shared';
import { generateRoster, heirsFor, mulberry32 } from '@app/roster';

export interface ProgrammeHistoryOptions {
  members: number;
  /** Months of sponsor payments from the programme start (2025-01). */
  months: number;
  claims: number;
  seed?: number;
  /** Streams per append (one transaction each). */
  chunk?: number;
  /** Prefixes member and claim ids, so several histories can share one store. */
  idPrefix?: string;
}

export interface ProgrammeHistory {
  memberIds: string[];
  claimIds: string[];
  events: number;
}

const officer: AppendContext = { actor: 'history-officer', correlationId: 'history' };
const asNew = (events: DomainEvent[]) => events.map((e) => ({ type: e.type, data: e.data }));

/**
 * A generated programme history written through the real deciders, so every projection sees the
 * events the service would write: enrollments from a seeded roster, monthly sponsor payments
 * (some members stop being paid and lapse), and medical and death claims that are approved or
 * rejected, a death approval marking the member deceased. Same options, same history.
 */
export async function appendProgrammeHistory(
  store: EventStore,
  options: ProgrammeHistoryOptions,
): Promise<ProgrammeHistory> {
  const rng = mulberry32(options.seed ?? 7);
  const chunk = options.chunk ?? 250;
  const roster = generateRoster({ rows: options.members, seed: options.seed ?? 7 });
  const members = new Map<string, { state: MemberState; revision: number; stopsAfter: number }>();
  let events = 0;

  const flush = async (writes: StreamWrite[], ctx = officer) => {
    for (let i = 0; i < writes.length; i += chunk) {
      const part = writes.slice(i, i + chunk);
      await store.appendMany(part, ctx);
      events += part.reduce((n, w) => n + w.events.length, 0);
    }
  };

  // Enrollment.
  const enrollments: StreamWrite[] = [];
  roster.rows.forEach((row, i) => {
    const parsed = rosterRowToEnrollment(row, i + 1);
    if (!parsed.ok) return;
    const memberId = `${options.idPrefix ?? ''}m${String(i + 1).padStart(6, '0')}`;
    const heirs = heirsFor(row, rng).map((h, k) => ({ ...h, heirId: `${memberId}-h${k + 1}` }));
    const enrolled = memberDecider.decide(
      { type: 'EnrollMember', data: { ...parsed.input, memberId, heirs, today: '2025-01-02' } },
      memberDecider.initialState(),
    );
    // One member in ten stops being paid after a few months and lapses.
    const stopsAfter = rng() < 0.1 ? 1 + Math.floor(rng() * 4) : Number.POSITIVE_INFINITY;
    members.set(memberId, {
      state: enrolled.reduce(memberDecider.evolve, memberDecider.initialState()),
      revision: 0,
      stopsAfter,
    });
    enrollments.push({ streamId: `member-${memberId}`, events: asNew(enrolled), expected: 'no_stream' });
  });
  await flush(enrollments);

  // Sponsor payments, one period at a time, paid on the 5th.
  for (let m = 0; m < options.months; m++) {
    const period = addMonths('2025-01', m);
    const writes: StreamWrite[] = [];
    for (const [memberId, member] of members) {
      if (m >= member.stopsAfter || member.state.coverageStart.slice(0, 7) > period) continue;
      let paid: MemberEvent[];
      try {
        paid = memberDecider.decide(
          {
            type: 'RecordContributionMonth',
            data: { period, paidOn: `${period}-05`, paymentId: `payment-${period}` },
          },
          member.state,
        );
      } catch {
        continue; // lapsed: the payment is not allocated to this member
      }
      if (paid.length === 0) continue;
      writes.push({ streamId: `member-${memberId}`, events: asNew(paid), expected: member.revision });
      member.state = paid.reduce(memberDecider.evolve, member.state);
      member.revision += paid.length;
    }
    await flush(writes, { actor: 'history-finance', correlationId: `payment-${period}` });
  }

  // Claims: medical care for most, a death now and then; approved when eligible, else rejected.
  const ids = [...members.keys()];
  const claimIds: string[] = [];
  for (let c = 0; c < options.claims; c++) {
    const memberId = ids[Math.floor(rng() * ids.length)];
    const member = members.get(memberId)!;
    if (member.state.deceasedOn) continue;
    const claimId = `${options.idPrefix ?? ''}c${String(c + 1).padStart(6, '0')}`;
    const month = addMonths('2025-01', Math.floor(rng() * Math.max(1, options.months)));
    const incidentDate = `${month}-1${Math.floor(rng() * 9)}`;
    const today = `${month}-28`;
    const at = `${today}T03:00:00.000Z`;
    const spouse = member.state.heirs.find((h) => h.relationship === 'SPOUSE');
    const death = spouse && rng() < 0.15;
    const request: ClaimRequest = death
      ? {
          memberId,
          benefit: 'JKM_DEATH',
          incidentDate,
          claimant: { fullName: spouse.fullName, relationship: 'SPOUSE' },
        }
      : {
          memberId,
          benefit: 'JKK_MEDICAL',
          incidentDate,
          workRelation: 'CONFIRMED',
          provider: 'RSUD Sekayu',
          invoiceAmount: 250_000 + Math.floor(rng() * 40) * 125_000,
        };
    const submitted = claimDecider.decide(
      {
        type: 'SubmitClaim',
        data: {
          claimId,
          request,
          submittedBy: 'adjudicator-1',
          roles: ['adjudicator'],
          at,
          today,
          context: { member: member.state, otherClaims: [] },
        },
      },
      claimDecider.initialState(),
    );
    let claim: ClaimState = submitted.reduce(claimDecider.evolve, claimDecider.initialState());
    const assessment = asClaim(claim).assessment;
    const decided: ClaimEvent[] = assessment.eligible
      ? claimDecider.decide(
          { type: 'ApproveClaim', data: { by: 'adjudicator-2', roles: ['adjudicator'], at } },
          claim,
        )
      : claimDecider.decide(
          {
            type: 'RejectClaim',
            data: {
              by: 'adjudicator-2',
              at,
              reasonCode: assessment.reasons[0]?.code ?? 'NOT_COVERED',
              note: 'not eligible',
            },
          },
          claim,
        );
    claim = decided.reduce(claimDecider.evolve, claim);
    await store.append(`claim-${claimId}`, asNew(submitted), 'no_stream', {
      actor: 'adjudicator-1',
      correlationId: claimId,
    });
    const writes: StreamWrite[] = [
      { streamId: `claim-${claimId}`, events: asNew(decided), expected: submitted.length - 1 },
    ];
    if (claim.status === 'APPROVED' && claim.benefit === 'JKM_DEATH') {
      const deceased = memberDecider.decide(
        { type: 'RecordDeath', data: { dateOfDeath: incidentDate, claimId } },
        member.state,
      );
      writes.push({ streamId: `member-${memberId}`, events: asNew(deceased), expected: member.revision });
      member.state = deceased.reduce(memberDecider.evolve, member.state);
      member.revision += deceased.length;
    }
    await store.appendMany(writes, { actor: 'adjudicator-2', correlationId: claimId });
    events += submitted.length + writes.reduce((n, w) => n + w.events.length, 0);
    claimIds.push(claimId);
  }
  return { memberIds: ids, claimIds, events };
}
