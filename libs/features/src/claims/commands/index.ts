import { AddHeirCertificateHandler } from './add-heir-certificate';
import { ApproveClaimHandler } from './approve-claim';
import { DecideClaimWorkRelationHandler } from './decide-work-relation';
import { ProvideClaimDocumentsHandler } from './provide-documents';
import { RejectClaimHandler } from './reject-claim';
import { RequestClaimDocumentsHandler } from './request-documents';
import { SubmitClaimHandler } from './submit-claim';
import { ReopenClaimHandler } from './reopen-claim';
import { DecideAppealHandler, FileAppealHandler } from './appeals';

export * from './add-heir-certificate';
export * from './approve-claim';
export * from './decide-work-relation';
export * from './provide-documents';
export * from './reject-claim';
export * from './request-documents';
export * from './submit-claim';
export * from './reopen-claim';
export * from './appeals';

export const CLAIM_COMMAND_HANDLERS = [
  SubmitClaimHandler,
  ApproveClaimHandler,
  RejectClaimHandler,
  RequestClaimDocumentsHandler,
  ProvideClaimDocumentsHandler,
  DecideClaimWorkRelationHandler,
  AddHeirCertificateHandler,
  ReopenClaimHandler,
  FileAppealHandler,
  DecideAppealHandler,
];
