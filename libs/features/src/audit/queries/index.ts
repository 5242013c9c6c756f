import { ClaimAsOfHandler, MemberAsOfHandler } from './as-of';
import { ClaimExplanationHandler } from './claim-explanation';
import { ListAuditEventsHandler } from './list-audit-events';
import { VerifyEventLogHandler } from './verify-event-log';

export * from './as-of';
export * from './claim-explanation';
export * from './list-audit-events';
export * from './verify-event-log';

export const AUDIT_QUERY_HANDLERS = [
  ListAuditEventsHandler,
  ClaimAsOfHandler,
  MemberAsOfHandler,
  VerifyEventLogHandler,
  ClaimExplanationHandler,
];
