import { CorrectMemberHandler } from './correct-member';
import { EnrollMemberHandler } from './enroll-member';
import { RegisterHeirHandler } from './register-heir';
import { StartRosterImportHandler } from './start-roster-import';

export * from './correct-member';
export * from './enroll-member';
export * from './register-heir';
export * from './start-roster-import';

export const MEMBER_COMMAND_HANDLERS = [
  EnrollMemberHandler,
  RegisterHeirHandler,
  StartRosterImportHandler,
  CorrectMemberHandler,
];
