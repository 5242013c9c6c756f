import { Benefit } from '../claim.types';
import { BenefitModule } from './benefit-module';
import { JKK_DEATH } from './jkk-death';
import { JKK_HOME_CARE } from './jkk-home-care';
import { JKK_REHABILITATION_AID } from './jkk-rehabilitation-aid';
import { JKK_TRANSPORT } from './jkk-transport';
import { JKK_MEDICAL } from './jkk-medical';
import { JKK_PERMANENT_DISABILITY } from './jkk-permanent-disability';
import { JKK_TEMPORARY_INCAPACITY } from './jkk-temporary-incapacity';
import { JKM_DEATH } from './jkm-death';
import { SCHOLARSHIP } from './scholarship';

export * from './benefit-module';

/** The registry: one module per benefit; a benefit in BENEFITS without a module does not compile. */
export const BENEFIT_MODULES: Readonly<Record<Benefit, BenefitModule>> = {
  JKK_MEDICAL,
  JKK_TEMPORARY_INCAPACITY,
  JKK_PERMANENT_DISABILITY,
  JKK_DEATH,
  JKM_DEATH,
  SCHOLARSHIP,
  JKK_TRANSPORT,
  JKK_HOME_CARE,
  JKK_REHABILITATION_AID,
};

export const benefitModule = (benefit: Benefit): BenefitModule => BENEFIT_MODULES[benefit];
