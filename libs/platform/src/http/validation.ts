import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@app/domain/shared/domain-error';
import { ProblemException } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const path = parent ? (isIndex ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    if (e.constraints) {
      const messages = Object.entries(e.constraints);
      const unknown = messages.find(([k]) => k === 'whitelistValidation');
      out.push({ field: path, message: unknown ? 'unknown field' : messages.map(([, m]) => m).join('; ') });
    }
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

/** class-validator on every body: unknown fields are errors; one error per bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flatten(errors)),
  });
}
