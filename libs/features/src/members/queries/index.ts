import { FindMembersHandler } from './find-members';
import { GetMemberHandler } from './get-member';
import { GetRosterImportHandler } from './get-roster-import';

export * from './find-members';
export * from './get-member';
export * from './get-roster-import';

export const MEMBER_QUERY_HANDLERS = [GetMemberHandler, FindMembersHandler, GetRosterImportHandler];
