import { accidentWorkRelation, claimsOfSameAccident } from '../claims/accident';
import { benefitModule } from '../claims/benefits';
import { Claim } from '../claims/claim.state';
import { ClaimRecord, heirCertificateOf } from '../claims/claim.types';
import { heirsForClaim } from '../claims/heirs';
import { Heir } from '../members/member.types';
import { monthOf } from '../shared/dates';
import { ClaimLog } from './claim-log';
import { ExplainedHeir, ExplainedMonth, ExplainedWorkRelation, ExplanationFacts } from './explanation.types';
import { AssessmentReading } from './reassess';
import type { AuditEvent } from './reperform';

type Data = Record<string, unknown>;
const dataOf = (e: AuditEvent) => e.data as Data;

/** The facts an assessment of `claim` read, each with the position of the event it comes from. */
export function explainFacts(
  log: ClaimLog,
  claim: Claim,
  reading: AssessmentReading,
  assessed: AuditEvent,
): ExplanationFacts {
  const memberEvents = (log.member(claim.memberId)?.events ?? []).filter(
    (e) => e.revision <= reading.memberRevision,
  );
  const enrolment = memberEvents
    .filter((e) => e.type === 'MemberEnrolled' || e.type === 'MemberReEnrolled')
    .at(-1);
  const atRevision = memberEvents.find((e) => e.revision === reading.memberRevision);
  const positionOfClaim = (c: ClaimRecord) => log.claims.get(c.claimId)?.events[0]?.position ?? -1;
  const basis = reading.basisClaim;
  const data = dataOf(assessed);
  return {
    assessment: {
      assessedOn: reading.assessedOn,
      trigger: String(data.trigger),
      position: assessed.position,
    },
    member: {
      revision: reading.memberRevision,
      position: atRevision?.position ?? null,
      revisionAssumed: reading.memberRevisionAssumed,
    },
    coverageStart: { date: reading.member.coverageStart, position: enrolment?.position ?? null },
    income: { amount: reading.member.declaredMonthlyIncome, position: enrolment?.position ?? null },
    months: monthsRelied(memberEvents, reading, claim, enrolment),
    heirs: heirsRelied(log, claim, reading, memberEvents),
    workRelation: workRelationOf(log, claim, reading),
    otherClaims: reading.otherClaims.map((c) => ({
      claimId: c.claimId,
      benefit: c.benefit,
      status: c.status,
      position: positionOfClaim(c),
    })),
    ...(basis
      ? {
          basisClaim: {
            claimId: basis.claimId,
            benefit: basis.benefit,
            status: basis.status,
            position: positionOfClaim(basis),
          },
        }
      : {}),
  };
}

/**
 * The months coverage and contribution counts rely on: those of the current membership from its
 * coverage start through the incident's month (a scholarship: the basis claim's), paid or
 * reversed by the member revision the assessment read.
 */
function monthsRelied(
  memberEvents: AuditEvent[],
  reading: AssessmentReading,
  claim: Claim,
  enrolment: AuditEvent | undefined,
): ExplainedMonth[] {
  const incident =
    claim.request.incidentDate ?? reading.basisClaim?.request.incidentDate ?? reading.assessedOn;
  const from = monthOf(reading.member.coverageStart || incident);
  const through = monthOf(incident);
  const months = new Map<string, ExplainedMonth>();
  const key = (period: unknown, paymentId: unknown) => `${String(period)}|${String(paymentId)}`;
  for (const e of memberEvents) {
    if (enrolment && e.position < enrolment.position) continue;
    const d = dataOf(e);
    const period = String(d.period);
    if (period < from || period > through) continue;
    if (e.type === 'ContributionMonthPaid')
      months.set(key(period, d.paymentId), {
        month: period,
        paymentId: String(d.paymentId),
        paidOn: String(d.paidOn),
        position: e.position,
      });
    if (e.type === 'ContributionMonthReversed') {
      const m = months.get(key(period, d.paymentId));
      if (m) m.reversed = { reversalId: String(d.reversalId), position: e.position };
    }
  }
  return [...months.values()].sort((a, b) =>
    a.month < b.month ? -1 : a.month > b.month ? 1 : a.position - b.position,
  );
}

/** Death benefits and scholarships: the heirs (certificate or registry) the assessment read. */
function heirsRelied(
  log: ClaimLog,
  claim: Claim,
  reading: AssessmentReading,
  memberEvents: AuditEvent[],
): ExplainedHeir[] {
  if (!benefitModule(claim.benefit).death && claim.benefit !== 'SCHOLARSHIP') return [];
  const certificate = heirCertificateOf(claim);
  const { heirs } = heirsForClaim(reading.member.heirs, certificate);
  if (certificate) {
    const events = log.claims.get(claim.claimId)?.events ?? [];
    const added = events.filter((e) => e.type === 'ClaimHeirCertificateAdded').at(-1) ?? events[0];
    return heirs.map((h) => ({
      fullName: h.fullName,
      relationship: h.relationship,
      ...(h.birthDate ? { birthDate: h.birthDate } : {}),
      source: 'CERTIFICATE' as const,
      reference: certificate.reference,
      position: added.position,
    }));
  }
  return (heirs as Heir[]).map((h) => {
    const registered = memberEvents.find(
      (e) => e.type === 'HeirRegistered' && (dataOf(e).heir as Heir | undefined)?.heirId === h.heirId,
    );
    const enrolled = memberEvents
      .filter(
        (e) =>
          (e.type === 'MemberEnrolled' || e.type === 'MemberReEnrolled') &&
          ((dataOf(e).heirs as Heir[] | undefined) ?? []).some((x) => x.heirId === h.heirId),
      )
      .at(-1);
    return {
      fullName: h.fullName,
      relationship: h.relationship,
      ...(h.birthDate ? { birthDate: h.birthDate } : {}),
      source: 'REGISTERED' as const,
      position: (registered ?? enrolled)?.position ?? -1,
    };
  });
}

/** JKK: the accident's work relation as the rules judged it, and the event that decided or stated it. */
function workRelationOf(
  log: ClaimLog,
  claim: Claim,
  reading: AssessmentReading,
): ExplainedWorkRelation | null {
  if (!benefitModule(claim.benefit).workAccident) return null;
  const own =
    claim.workRelation && claim.workRelation.status !== 'SUSPECTED' ? claim.workRelation.status : undefined;
  const accident = claimsOfSameAccident(claim, reading.otherClaims);
  const relation = accidentWorkRelation(claim.request, own, accident);
  const candidates = [claim, ...accident].flatMap((c) =>
    (log.claims.get(c.claimId)?.events ?? [])
      .filter(
        (e) =>
          e.type === 'ClaimWorkRelationDecided' &&
          e.position <= (log.claims.get(claim.claimId)?.events.at(-1)?.position ?? Infinity),
      )
      .map((e) => ({ claimId: c.claimId, e })),
  );
  const decided = own
    ? candidates.filter((c) => c.claimId === claim.claimId).at(-1)
    : candidates
        .sort((a, b) => a.e.position - b.e.position)
        .filter((c) => relation.why.includes(c.claimId))
        .at(-1);
  if (decided) {
    const d = dataOf(decided.e);
    return {
      decision: String(d.decision),
      why: relation.why,
      by: String(d.by),
      at: String(d.at),
      claimId: decided.claimId,
      position: decided.e.position,
    };
  }
  const submitted = log.claims.get(claim.claimId)!.events[0];
  return {
    decision: relation.status,
    why: relation.why,
    by: claim.submittedBy,
    at: claim.submittedAt,
    claimId: claim.claimId,
    position: submitted.position,
  };
}
