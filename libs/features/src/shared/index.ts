export * from './command-support';
export * from './paging';
