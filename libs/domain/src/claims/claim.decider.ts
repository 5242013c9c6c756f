import { DomainError, FieldError } from '../shared/domain-error';
import { IsoDate, dateInJakarta, isIsoDate } from '../shared/dates';
import { Decider } from '../shared/event';
import { SCHEDULE, findScheduleFor, scheduleFor } from '../schedule/schedule';
import { ScheduleLookup, ScheduleVersion } from '../schedule/schedule.types';
import { AssessmentContext, assessClaim, deathDateOf } from './assess';
import {
  ApproveClaim,
  ClaimCommand,
  ClaimContext,
  DecideWorkRelation,
  ProvideDocuments,
  RecordPayoutUpdate,
  RejectClaim,
  RequestDocuments,
  SubmitClaim,
} from './claim.commands';
import { AssessmentTrigger, ClaimAssessed, ClaimEvent, PlannedPayout } from './claim.events';
import { ClaimState, initialClaimState } from './claim.state';
import {
  Assessment,
  ClaimStatus,
  DEATH_BENEFITS,
  LineCode,
  Payee,
  WORK_RELATION_DECISIONS,
} from './claim.types';
import { addWorkingDays, workRelationDecisionDue } from './service-level';
import { validateClaimRequest } from './validate-claim-request';

export interface ClaimDeciderOptions {
  /** Benefit amounts: the version in force on a date (default: the programme's schedule). */
  schedule?: ScheduleLookup;
}

/** Roles (API.md): `admin` does everything. */
export const ROLES = {
  adjudicator: 'adjudicator',
  supervisor: 'supervisor',
  admin: 'admin',
} as const;

const OPEN_STATUSES: readonly ClaimStatus[] = ['ASSESSED', 'DOCUMENTS_REQUESTED', 'AWAITING_SECOND_APPROVAL'];

// ---------------------------------------------------------------------------------------------
// evolve

export function evolveClaim(state: ClaimState, event: ClaimEvent): ClaimState {
  switch (event.type) {
    case 'ClaimSubmitted': {
      const d = event.data;
      return {
        ...initialClaimState(),
        exists: true,
        claimId: d.claimId,
        memberId: d.memberId,
        benefit: d.benefit,
        request: d.request,
        status: 'ASSESSED',
        submittedBy: d.submittedBy,
        submittedAt: d.at,
        completeOn: d.completeOn,
        dueBy: d.dueBy,
        ...(d.workRelation ? { workRelation: d.workRelation } : {}),
      };
    }
    case 'ClaimAssessed': {
      // A new assessment voids a first approval given on the old one.
      const voids = state.status === 'AWAITING_SECOND_APPROVAL';
      return {
        ...state,
        assessment: event.data.assessment,
        assessedOn: event.data.assessedOn,
        ...(voids ? { status: 'ASSESSED' as const, approvals: [] } : {}),
      };
    }
    case 'ClaimDocumentsRequested': {
      const { documents, by, at } = event.data;
      const { completeOn: _c, dueBy: _d, ...rest } = state;
      return {
        ...rest,
        status: 'DOCUMENTS_REQUESTED',
        requestedDocuments: [
          ...state.requestedDocuments,
          ...documents.map((name) => ({ name, requestedBy: by, requestedAt: at })),
        ],
      };
    }
    case 'ClaimDocumentsProvided': {
      const { documents, by, at, providedOn, completeOn, dueBy } = event.data;
      const names = documents.map((d) => d.name);
      return {
        ...state,
        documents: [
          ...state.documents,
          ...documents.map((d) => ({ name: d.name, reference: d.reference, providedBy: by, providedAt: at })),
        ],
        requestedDocuments: state.requestedDocuments.map((r) =>
          r.providedOn === undefined && names.some((n) => sameDocument(n, r.name)) ? { ...r, providedOn } : r,
        ),
        ...(completeOn && dueBy ? { status: 'ASSESSED' as const, completeOn, dueBy } : {}),
      };
    }
    case 'ClaimWorkRelationDecided': {
      const { decision, decidedOn, by, decisionDueBy } = event.data;
      return { ...state, workRelation: { status: decision, decisionDueBy, decidedOn, decidedBy: by } };
    }
    case 'ClaimFirstApprovalGiven': {
      const { by, role, at, note } = event.data;
      return {
        ...state,
        status: 'AWAITING_SECOND_APPROVAL',
        approvals: [...state.approvals, { by, role, at, ...(note !== undefined ? { note } : {}) }],
      };
    }
    case 'ClaimApproved': {
      const { by, role, at, note, approvals, payouts } = event.data;
      return {
        ...state,
        status: 'APPROVED',
        approvals,
        decision: { outcome: 'APPROVED', by, role, at, ...(note !== undefined ? { note } : {}) },
        payouts: payouts.map((p) => ({
          payoutId: p.payoutId,
          amount: p.amount,
          payee: p.payee,
          status: 'QUEUED' as const,
        })),
      };
    }
    case 'ClaimRejected': {
      const { by, role, at, reasonCode, note } = event.data;
      return {
        ...state,
        status: 'REJECTED',
        decision: { outcome: 'REJECTED', by, ...(role ? { role } : {}), at, reasonCode, note },
      };
    }
    case 'ClaimPayoutUpdated': {
      const { payoutId, amount, payee, status } = event.data;
      const payout = { payoutId, amount, payee, status };
      const known = state.payouts.some((p) => p.payoutId === payoutId);
      return {
        ...state,
        payouts: known
          ? state.payouts.map((p) => (p.payoutId === payoutId ? payout : p))
          : [...state.payouts, payout],
      };
    }
    case 'ClaimPaid':
      return { ...state, status: 'PAID' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// decide

function sameDocument(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function requireClaim(state: ClaimState): void {
  if (!state.exists) throw new DomainError('not_found', 'CLAIM_NOT_FOUND', 'No such claim');
}

function requireStatus(state: ClaimState, allowed: readonly ClaimStatus[], action: string): void {
  requireClaim(state);
  if (!allowed.includes(state.status))
    throw new DomainError(
      'not_allowed',
      'NOT_ALLOWED_IN_STATUS',
      `A claim that is ${state.status} cannot be ${action} (allowed when ${allowed.join(' or ')})`,
      { status: state.status, allowed: [...allowed] },
    );
}

/** The role a person acts in: the first of `preferred` they hold, else `admin` if they hold it. */
function actingRole(roles: readonly string[] | undefined, preferred: readonly string[]): string | undefined {
  return [...preferred, ROLES.admin].find((r) => roles?.includes(r));
}

function requireDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw DomainError.validation([{ field, message: 'must be a date YYYY-MM-DD' }]);
  return value;
}

/** The Asia/Jakarta date of an instant (API.md: "today" is the date in Asia/Jakarta). */
function dayOf(at: string): IsoDate {
  const t = Date.parse(at);
  if (Number.isNaN(t))
    throw DomainError.validation([{ field: 'at', message: 'must be an ISO 8601 instant' }]);
  return dateInJakarta(new Date(t));
}

function requireMemberOf(context: ClaimContext, memberId: string): void {
  if (!context.member.exists || context.member.memberId !== memberId)
    throw new DomainError('not_found', 'MEMBER_NOT_FOUND', `Member ${memberId} is not enrolled`, {
      memberId,
    });
}

export function createClaimDecider(
  options: ClaimDeciderOptions = {},
): Decider<ClaimCommand, ClaimEvent, ClaimState> {
  const lookup: ScheduleLookup = options.schedule ?? ((d) => scheduleFor(d));

  /** Process policies (four eyes, service level) follow the version in force on the day of the action. */
  const policyOn = (day: IsoDate): ScheduleVersion => {
    try {
      return lookup(day);
    } catch {
      return findScheduleFor(day) ?? SCHEDULE[SCHEDULE.length - 1];
    }
  };

  const assess = (ctx: Omit<AssessmentContext, 'schedule'>): Assessment =>
    assessClaim({ ...ctx, schedule: lookup });

  const assessed = (
    state: ClaimState,
    context: ClaimContext,
    today: IsoDate,
    trigger: AssessmentTrigger,
    by: string,
    at: string,
    overrides: Partial<Pick<ClaimState, 'request' | 'workRelation'>> = {},
  ): ClaimAssessed => {
    const request = overrides.request ?? state.request;
    const workRelation = overrides.workRelation ?? state.workRelation;
    const decision = workRelation && workRelation.status !== 'SUSPECTED' ? workRelation.status : undefined;
    return {
      type: 'ClaimAssessed',
      data: {
        claimId: state.claimId,
        assessment: assess({
          request,
          member: context.member,
          otherClaims: context.otherClaims,
          basisClaim: context.basisClaim,
          assessedOn: today,
          claimId: state.claimId,
          ...(decision ? { workRelationDecision: decision } : {}),
        }),
        assessedOn: today,
        trigger,
        by,
        at,
      },
    };
  };

  function submit({ data }: SubmitClaim, state: ClaimState): ClaimEvent[] {
    if (state.exists)
      throw new DomainError('conflict', 'CLAIM_EXISTS', `Claim ${data.claimId} already exists`, {
        claimId: data.claimId,
      });
    const today = requireDate(data.today, 'today');
    const errors: FieldError[] = validateClaimRequest(data.request);
    const request = { ...data.request, reportedOn: data.request.reportedOn ?? today };
    if (isIsoDate(request.reportedOn) && request.reportedOn > today)
      errors.push({ field: 'reportedOn', message: `must not be after today (${today})` });
    if (isIsoDate(request.incidentDate) && request.incidentDate > today)
      errors.push({ field: 'incidentDate', message: `must not be after today (${today})` });
    if (errors.length > 0) throw DomainError.validation(errors);
    requireMemberOf(data.context, request.memberId);

    const policy = policyOn(today);
    const workRelation =
      request.workRelation === 'SUSPECTED'
        ? {
            status: 'SUSPECTED' as const,
            decisionDueBy: workRelationDecisionDue(
              request.reportedOn,
              policyOn(request.reportedOn).claims.workRelationDecision.days,
            ),
          }
        : undefined;
    const submitted: ClaimEvent = {
      type: 'ClaimSubmitted',
      data: {
        claimId: data.claimId,
        memberId: request.memberId,
        benefit: request.benefit,
        request,
        submittedBy: data.submittedBy,
        ...(actingRole(data.roles, [ROLES.adjudicator])
          ? { role: actingRole(data.roles, [ROLES.adjudicator]) }
          : {}),
        at: data.at,
        completeOn: today,
        dueBy: addWorkingDays(today, policy.serviceLevel.payoutWorkingDays, data.holidays ?? []),
        ...(workRelation ? { workRelation } : {}),
      },
    };
    const afterSubmit = evolveClaim(state, submitted);
    return [submitted, assessed(afterSubmit, data.context, today, 'SUBMITTED', data.submittedBy, data.at)];
  }

  function requestDocuments({ data }: RequestDocuments, state: ClaimState): ClaimEvent[] {
    requireStatus(state, ['ASSESSED', 'DOCUMENTS_REQUESTED'], 'sent a request for documents');
    const documents = Array.isArray(data.documents) ? data.documents : [];
    const errors: FieldError[] = [];
    if (documents.length === 0) errors.push({ field: 'documents', message: 'name at least one document' });
    documents.forEach((d, i) => {
      if (typeof d !== 'string' || d.trim() === '')
        errors.push({ field: `documents[${i}]`, message: 'must be a document name' });
    });
    if (errors.length > 0) throw DomainError.validation(errors);
    const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
    return [
      {
        type: 'ClaimDocumentsRequested',
        data: {
          claimId: state.claimId,
          documents: documents.map((d) => d.trim()),
          by: data.by,
          ...(role ? { role } : {}),
          at: data.at,
        },
      },
    ];
  }

  function provideDocuments({ data }: ProvideDocuments, state: ClaimState): ClaimEvent[] {
    requireStatus(state, ['ASSESSED', 'DOCUMENTS_REQUESTED'], 'given documents');
    const today = requireDate(data.today, 'today');
    const documents = Array.isArray(data.documents) ? data.documents : [];
    const errors: FieldError[] = [];
    if (documents.length === 0) errors.push({ field: 'documents', message: 'give at least one document' });
    documents.forEach((d, i) => {
      if (typeof d?.name !== 'string' || d.name.trim() === '')
        errors.push({ field: `documents[${i}].name`, message: 'is required' });
      if (typeof d?.reference !== 'string' || d.reference.trim() === '')
        errors.push({ field: `documents[${i}].reference`, message: 'is required' });
    });
    if (errors.length > 0) throw DomainError.validation(errors);
    requireMemberOf(data.context, state.memberId);

    const outstanding = state.requestedDocuments
      .filter((r) => r.providedOn === undefined && !documents.some((d) => sameDocument(d.name, r.name)))
      .map((r) => r.name);
    // Complete on the day the last requested document arrives (API.md "Claims").
    const completes = state.status === 'DOCUMENTS_REQUESTED' && outstanding.length === 0;
    const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
    const provided: ClaimEvent = {
      type: 'ClaimDocumentsProvided',
      data: {
        claimId: state.claimId,
        documents: documents.map((d) => ({ name: d.name.trim(), reference: d.reference.trim() })),
        by: data.by,
        ...(role ? { role } : {}),
        at: data.at,
        providedOn: today,
        outstanding,
        ...(completes
          ? {
              completeOn: today,
              dueBy: addWorkingDays(
                today,
                policyOn(today).serviceLevel.payoutWorkingDays,
                data.holidays ?? [],
              ),
            }
          : {}),
      },
    };
    return [
      provided,
      assessed(evolveClaim(state, provided), data.context, today, 'DOCUMENTS_PROVIDED', data.by, data.at),
    ];
  }

  function decideWorkRelation({ data }: DecideWorkRelation, state: ClaimState): ClaimEvent[] {
    requireStatus(state, [...OPEN_STATUSES, 'APPROVED', 'PAID'], 'given a work-relation decision');
    if (!WORK_RELATION_DECISIONS.includes(data.decision))
      throw DomainError.validation([
        { field: 'decision', message: `must be one of ${WORK_RELATION_DECISIONS.join(', ')}` },
      ]);
    const today = requireDate(data.today, 'today');
    const current = state.workRelation;
    if (!current)
      throw new DomainError(
        'not_allowed',
        'WORK_RELATION_NOT_SUSPECTED',
        'Only a claim submitted with workRelation SUSPECTED takes a work-relation decision',
      );
    if (current.status !== 'SUSPECTED')
      throw new DomainError(
        'not_allowed',
        'WORK_RELATION_ALREADY_DECIDED',
        `The work relation was decided: ${current.status}`,
        {
          decision: current.status,
          decidedOn: current.decidedOn,
        },
      );
    const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
    const decided: ClaimEvent = {
      type: 'ClaimWorkRelationDecided',
      data: {
        claimId: state.claimId,
        decision: data.decision,
        by: data.by,
        ...(role ? { role } : {}),
        at: data.at,
        decidedOn: today,
        decisionDueBy: current.decisionDueBy,
        late: today > current.decisionDueBy,
      },
    };
    // Once approved, the medical care was covered provisionally: the decision is recorded, the
    // proposal is not reopened.
    if (!OPEN_STATUSES.includes(state.status)) return [decided];
    requireMemberOf(data.context, state.memberId);
    return [
      decided,
      assessed(evolveClaim(state, decided), data.context, today, 'WORK_RELATION_DECIDED', data.by, data.at),
    ];
  }

  function approve({ data }: ApproveClaim, state: ClaimState): ClaimEvent[] {
    requireStatus(state, ['ASSESSED', 'AWAITING_SECOND_APPROVAL'], 'approved');
    if (!state.assessment.eligible)
      throw new DomainError(
        'not_allowed',
        'NOT_ELIGIBLE',
        'An ineligible claim cannot be approved; reject it',
        {
          reasons: state.assessment.reasons.map((r) => r.code),
        },
      );
    // Four eyes (DOMAIN.md 4): nobody approves a claim they submitted.
    if (data.by === state.submittedBy)
      throw new DomainError('forbidden', 'FOUR_EYES', 'Nobody approves a claim they submitted');
    const policy = policyOn(dayOf(data.at));
    const threshold = policy.approvals.secondApprovalThreshold;
    const note = data.note !== undefined ? { note: data.note } : {};

    let role: string | undefined;
    if (state.status === 'ASSESSED') {
      role = actingRole(data.roles, [ROLES.adjudicator]);
      if (!role)
        throw new DomainError('forbidden', 'ROLE_REQUIRED', 'The first approval needs the adjudicator role');
      if (state.assessment.total >= threshold)
        return [
          {
            type: 'ClaimFirstApprovalGiven',
            data: {
              claimId: state.claimId,
              by: data.by,
              role,
              at: data.at,
              ...note,
              total: state.assessment.total,
              secondApprovalThreshold: threshold,
              why: `Total ${state.assessment.total} is at least ${threshold}: a supervisor's second approval is needed (${policy.approvals.basis})`,
            },
          },
        ];
    } else {
      const first = state.approvals[0];
      if (first && first.by === data.by)
        throw new DomainError(
          'forbidden',
          'FOUR_EYES',
          'The second approval must come from someone other than the first approver',
        );
      role = actingRole(data.roles, [ROLES.supervisor]);
      if (!role)
        throw new DomainError('forbidden', 'ROLE_REQUIRED', 'The second approval needs the supervisor role');
    }

    const approvals = [...state.approvals, { by: data.by, role, at: data.at, ...note }];
    const dateOfDeath = DEATH_BENEFITS.includes(state.benefit) ? deathDateOf(state.request) : undefined;
    return [
      {
        type: 'ClaimApproved',
        data: {
          claimId: state.claimId,
          memberId: state.memberId,
          benefit: state.benefit,
          by: data.by,
          role,
          at: data.at,
          ...note,
          approvals,
          total: state.assessment.total,
          ...(dateOfDeath ? { dateOfDeath } : {}),
          payouts: planPayouts(state.claimId, state.assessment, state.dueBy),
          ...(state.completeOn ? { completeOn: state.completeOn } : {}),
          ...(state.dueBy ? { dueBy: state.dueBy } : {}),
        },
      },
    ];
  }

  function reject({ data }: RejectClaim, state: ClaimState): ClaimEvent[] {
    requireStatus(state, OPEN_STATUSES, 'rejected');
    const errors: FieldError[] = [];
    if (typeof data.reasonCode !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(data.reasonCode))
      errors.push({ field: 'reasonCode', message: 'must be a reason code such as CONTRIBUTION_UNPAID' });
    if (typeof data.note !== 'string' || data.note.trim() === '')
      errors.push({ field: 'note', message: 'say why the claim is rejected' });
    if (errors.length > 0) throw DomainError.validation(errors);
    const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
    return [
      {
        type: 'ClaimRejected',
        data: {
          claimId: state.claimId,
          memberId: state.memberId,
          by: data.by,
          ...(role ? { role } : {}),
          at: data.at,
          reasonCode: data.reasonCode,
          note: data.note.trim(),
        },
      },
    ];
  }

  function recordPayoutUpdate({ data }: RecordPayoutUpdate, state: ClaimState): ClaimEvent[] {
    requireStatus(state, ['APPROVED', 'PAID'], 'paid');
    const known = state.payouts.find((p) => p.payoutId === data.payoutId);
    if (known && known.status === data.status && known.amount === data.amount) return []; // a redelivery
    const updated: ClaimEvent = {
      type: 'ClaimPayoutUpdated',
      id: `${state.claimId}:payout:${data.payoutId}:${data.status}`,
      data: {
        claimId: state.claimId,
        payoutId: data.payoutId,
        amount: data.amount,
        payee: data.payee,
        status: data.status,
        at: data.at,
      },
    };
    const after = evolveClaim(state, updated);
    const allPaid = after.payouts.length > 0 && after.payouts.every((p) => p.status === 'PAID');
    if (state.status !== 'APPROVED' || !allPaid) return [updated];
    return [
      updated,
      {
        type: 'ClaimPaid',
        id: `${state.claimId}:paid`,
        data: { claimId: state.claimId, at: data.at, payoutIds: after.payouts.map((p) => p.payoutId) },
      },
    ];
  }

  function decide(command: ClaimCommand, state: ClaimState): ClaimEvent[] {
    switch (command.type) {
      case 'SubmitClaim':
        return submit(command, state);
      case 'RequestDocuments':
        return requestDocuments(command, state);
      case 'ProvideDocuments':
        return provideDocuments(command, state);
      case 'DecideWorkRelation':
        return decideWorkRelation(command, state);
      case 'ApproveClaim':
        return approve(command, state);
      case 'RejectClaim':
        return reject(command, state);
      case 'RecordPayoutUpdate':
        return recordPayoutUpdate(command, state);
      default: {
        const unknown: never = command;
        return unknown;
      }
    }
  }

  return { initialState: initialClaimState, evolve: evolveClaim, decide };
}

export const claimDecider = createClaimDecider();

/**
 * One payout per payee (DOMAIN.md 4), with deterministic ids so a replayed approval enqueues
 * the same jobs (`jobId = payoutId`).
 */
export function planPayouts(claimId: string, assessment: Assessment, dueBy?: IsoDate): PlannedPayout[] {
  const byPayee = new Map<string, { payee: Payee; amount: number; lineCodes: LineCode[] }>();
  for (const line of assessment.lines) {
    const key = `${line.payee.kind}|${line.payee.name}`;
    const entry = byPayee.get(key) ?? { payee: line.payee, amount: 0, lineCodes: [] };
    entry.amount += line.amount;
    if (!entry.lineCodes.includes(line.code)) entry.lineCodes.push(line.code);
    byPayee.set(key, entry);
  }
  return [...byPayee.values()]
    .filter((p) => p.amount > 0)
    .map((p, i) => ({ payoutId: `${claimId}-payout-${i + 1}`, ...p, ...(dueBy ? { dueBy } : {}) }));
}
