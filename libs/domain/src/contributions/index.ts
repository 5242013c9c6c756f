export * from './contribution-payment';
