export * from './audit.module';
export * from './queries';
