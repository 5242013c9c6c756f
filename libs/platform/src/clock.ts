import { dateInJakarta } from '@app/domain/shared/dates';

/** Guarantee 10: time is an input. Deciders receive dates; only this port reads the system clock. */
export abstract class Clock {
  abstract now(): Date;
  /** "Today" in Asia/Jakarta (docs/api.md). */
  today(): string {
    return dateInJakarta(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  now(): Date {
    return new Date(this.instant);
  }
  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
}
