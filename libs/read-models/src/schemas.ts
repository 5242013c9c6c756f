import { CHECKPOINTS_SCHEMA } from './projection';
import { PROJECTION_FAILURES_SCHEMA } from './projection-failures';

/** Read-model DDL every role runs at start (projection tables are created by the projector). */
export const READ_MODEL_SCHEMAS: string[] = [CHECKPOINTS_SCHEMA, PROJECTION_FAILURES_SCHEMA];
