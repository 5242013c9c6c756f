export * from './member.types';
export * from './member.events';
export * from './member.decider';
export * from './nik';
export * from './enrollment';
export * from './contribution-amount';
export * from './coverage';
export * from './roster-row';
