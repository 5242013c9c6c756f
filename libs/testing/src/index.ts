export * from './postgres';
export * from './esdb-test-server/esdb-test-server';
