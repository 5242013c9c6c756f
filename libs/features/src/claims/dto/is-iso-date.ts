import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';
import { isIsoDate } from '@app/domain/shared';

/** A calendar date `YYYY-MM-DD` that exists (docs/api.md: dates are `YYYY-MM-DD`). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => isIsoDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a date YYYY-MM-DD`, options),
      },
    },
    options,
  );
}
