import { ClaimAsOfHandler, MemberAsOfHandler } from './as-of';
import { ListAuditEventsHandler } from './list-audit-events';
import { SeparationOfDutiesHandler } from './separation-of-duties';
import { VerifyEventLogHandler } from './verify-event-log';

export * from './as-of';
export * from './list-audit-events';
export * from './separation-of-duties';
export * from './verify-event-log';

export const AUDIT_QUERY_HANDLERS = [
  ListAuditEventsHandler,
  ClaimAsOfHandler,
  MemberAsOfHandler,
  VerifyEventLogHandler,
  SeparationOfDutiesHandler,
];
