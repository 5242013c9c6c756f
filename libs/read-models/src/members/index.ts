export * from './members.projection';
export * from './members.queries';
