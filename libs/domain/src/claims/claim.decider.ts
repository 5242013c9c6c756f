import { IsoDate } from '../shared/dates';
import { Decider } from '../shared/event';
import { scheduleFor } from '../schedule/schedule';
import { ScheduleLookup } from '../schedule/schedule.types';
import { AssessmentContext, assessClaim } from './assess';
import { ClaimCommand, ClaimContext } from './claim.commands';
import { AssessmentTrigger, ClaimAssessed, ClaimEvent } from './claim.events';
import { evolveClaim } from './claim.evolve';
import { Claim, ClaimState, initialClaimState } from './claim.state';
import { Assessment } from './claim.types';
import { addHeirCertificate } from './decide/add-heir-certificate';
import { approveClaim } from './decide/approve-claim';
import { decideWorkRelation } from './decide/decide-work-relation';
import { ClaimCommandHandler, ClaimRules } from './decide/decide-support';
import { provideDocuments } from './decide/provide-documents';
import { reassessClaim } from './decide/reassess-claim';
import { recordPayoutUpdate } from './decide/record-payout-update';
import { rejectClaim } from './decide/reject-claim';
import { requestDocuments } from './decide/request-documents';
import { submitClaim } from './decide/submit-claim';
import { reopenClaim } from './decide/reopen-claim';
import { fileAppeal } from './decide/file-appeal';
import { decideAppeal } from './decide/decide-appeal';
import { recoverOverpayment } from './decide/recover-overpayment';

export { evolveClaim } from './claim.evolve';
export { planPayouts } from './plan-payouts';
export { ROLES } from './decide/decide-support';
export { recoveredFrom } from './decide/recover-overpayment';
export { APPEAL_PERIOD_DAYS } from './decide/file-appeal';

export interface ClaimDeciderOptions {
  /** Benefit amounts and process policies: the version in force on a date (default: the programme's schedule). */
  schedule?: ScheduleLookup;
}

/** One small handler per command (decide/<command>.ts); this table is the whole decider. */
const HANDLERS: { [K in ClaimCommand['type']]: ClaimCommandHandler<Extract<ClaimCommand, { type: K }>> } = {
  SubmitClaim: submitClaim,
  RequestDocuments: requestDocuments,
  ProvideDocuments: provideDocuments,
  DecideWorkRelation: decideWorkRelation,
  AddHeirCertificate: addHeirCertificate,
  ReassessClaim: reassessClaim,
  ApproveClaim: approveClaim,
  RejectClaim: rejectClaim,
  RecordPayoutUpdate: recordPayoutUpdate,
  ReopenClaim: reopenClaim,
  FileAppeal: fileAppeal,
  DecideAppeal: decideAppeal,
  RecoverOverpayment: recoverOverpayment,
};

export function createClaimDecider(
  options: ClaimDeciderOptions = {},
): Decider<ClaimCommand, ClaimEvent, ClaimState> {
  const lookup: ScheduleLookup = options.schedule ?? ((d) => scheduleFor(d));

  const assess = (ctx: Omit<AssessmentContext, 'schedule'>): Assessment =>
    assessClaim({ ...ctx, schedule: lookup });

  const assessed: ClaimRules['assessed'] = (
    state: Claim,
    context: ClaimContext,
    today: IsoDate,
    trigger: AssessmentTrigger,
    by: string,
    at: string,
    overrides: Partial<Pick<Claim, 'request' | 'workRelation'>> = {},
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
          ...(state.heirCertificate ? { heirCertificate: state.heirCertificate } : {}),
          ...(decision ? { workRelationDecision: decision } : {}),
        }),
        assessedOn: today,
        trigger,
        ...(context.memberRevision !== undefined ? { memberRevision: context.memberRevision } : {}),
        by,
        at,
      },
    };
  };

  // The injected schedule decides process policies too, on the day of the action.
  const rules: ClaimRules = { policyOn: (day: IsoDate) => lookup(day), assessed };

  function decide(command: ClaimCommand, state: ClaimState): ClaimEvent[] {
    const handler = HANDLERS[command.type] as ClaimCommandHandler<ClaimCommand>;
    return handler(rules, command, state);
  }

  return { initialState: initialClaimState, evolve: evolveClaim, decide };
}

export const claimDecider = createClaimDecider();
