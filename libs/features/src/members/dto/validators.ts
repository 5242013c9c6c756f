import { buildMessage, ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import { birthDateErrors, coverageStartErrors, validateNik } from '@app/domain/members';
import { FieldError, isIsoMonth, isIsoDate, MAX_NAME_LENGTH, textFieldErrors } from '@app/domain/shared';

/** A class-validator decorator whose verdict and message are a domain rule's (one rule, HTTP and CSV). */
function domainRule(
  name: string,
  errorsOf: (value: unknown, field: string) => FieldError[],
  options?: ValidationOptions,
): PropertyDecorator {
  const first = (args?: ValidationArguments) => (args ? errorsOf(args.value, args.property)[0] : undefined);
  return ValidateBy(
    {
      name,
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) => args !== undefined && !first(args),
        defaultMessage: (args?: ValidationArguments) => first(args)?.message ?? 'is invalid',
      },
    },
    options,
  );
}

/** DOMAIN.md 1: a name, village, subdistrict or occupation (text the domain can store, ≤ 200). */
export function IsPersonText(options?: ValidationOptions): PropertyDecorator {
  return domainRule(
    'isPersonText',
    (value, field) => textFieldErrors(value, field, { maxLength: MAX_NAME_LENGTH }),
    options,
  );
}

/** DOMAIN.md 1: a birth date from 1900-01-01 (the decider also checks it is not after today). */
export function IsBirthDate(options?: ValidationOptions): PropertyDecorator {
  return domainRule('isBirthDate', (value, field) => birthDateErrors(value, field), options);
}

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

/**
 * DOMAIN.md 1: coverage starts on the first day of a month, not before the first schedule (the
 * decider also checks it is at most a year after today).
 */
export function IsFirstOfMonth(options?: ValidationOptions): PropertyDecorator {
  return domainRule('isFirstOfMonth', (value, field) => coverageStartErrors(value, field), options);
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
