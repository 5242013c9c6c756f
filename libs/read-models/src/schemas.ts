import { CHECKPOINTS_SCHEMA } from './projection';

/** Read-model DDL every role runs at start (projection tables are created by the projector). */
export const READ_MODEL_SCHEMAS: string[] = [CHECKPOINTS_SCHEMA];
