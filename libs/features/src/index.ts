import { Type } from '@nestjs/common';
import { UpcasterRegistry } from '@app/event-store';

/** The feature modules the api role serves. */
export const FEATURE_MODULES: Type<unknown>[] = [];

/** Upcasters for every event type whose schema has changed (guarantee 8). */
export const UPCASTERS = new UpcasterRegistry();
