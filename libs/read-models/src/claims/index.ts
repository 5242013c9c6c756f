export * from './claims.projection';
