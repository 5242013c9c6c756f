import { DomainError } from '../shared/domain-error';
import { PayoutState } from './payout.state';

export function requirePayout(state: PayoutState): void {
  if (!state.exists) throw new DomainError('not_found', 'PAYOUT_NOT_FOUND', 'No such payout');
}

export function notAllowed(state: PayoutState, code: string, message: string): DomainError {
  // `payoutStatus`, not `status`: details become problem+json fields, where `status` is the HTTP code.
  return new DomainError('not_allowed', code, message, {
    payoutId: state.payoutId,
    payoutStatus: state.status,
  });
}
