import { buildMessage, ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import { validateNik } from '@app/domain/members';
import { isIsoDate, isIsoMonth } from '@app/domain/shared';

/** A calendar date `YYYY-MM-DD` that exists (API.md: dates are `YYYY-MM-DD`). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isIsoDate(value),
        defaultMessage: buildMessage((each) => `${each}must be a valid date (YYYY-MM-DD)`, options),
      },
    },
    options,
  );
}

/** A month `YYYY-MM`. */
export function IsCalendarMonth(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarMonth',
      validator: {
        validate: (value: unknown) => isIsoMonth(value),
        defaultMessage: buildMessage((each) => `${each}must be a month (YYYY-MM)`, options),
      },
    },
    options,
  );
}

/** DOMAIN.md 1: coverage starts on the first day of a month. */
export function IsFirstOfMonth(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFirstOfMonth',
      validator: {
        validate: (value: unknown) => isIsoDate(value) && value.endsWith('-01'),
        defaultMessage: buildMessage(
          (each) => `${each}must be the first day of a month (YYYY-MM-01)`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * DOMAIN.md 1: 16 digits whose digits 7-12 encode the sibling `birthDate` and `sex` (women add
 * 40 to the day). The message is the domain's; it never repeats the NIK itself.
 */
export function IsNikOfPerson(options?: ValidationOptions): PropertyDecorator {
  const errorOf = (args: ValidationArguments) => {
    const person = args.object as { birthDate?: unknown; sex?: unknown };
    return validateNik(args.value, person.birthDate, person.sex)[0];
  };
  return ValidateBy(
    {
      name: 'isNikOfPerson',
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) =>
          args ? errorOf(args) === undefined : false,
        defaultMessage: (args?: ValidationArguments) =>
          (args ? errorOf(args)?.message : undefined) ?? 'must be a valid NIK',
      },
    },
    options,
  );
}
