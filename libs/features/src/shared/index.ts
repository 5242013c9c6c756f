export * from './command-support';
export * from './paging';
export * from './ids';
export * from './yield';
export * from './open-processes';
export * from './group-commit';
