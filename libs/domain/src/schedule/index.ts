export * from './schedule.types';
export * from './schedule.data';
export * from './validate-schedule';
export * from './schedule';
export * from './schedule.schema';
