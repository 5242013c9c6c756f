import { SetMetadata } from '@nestjs/common';

export const ROLES = [
  'enrollment-officer',
  'finance-officer',
  'adjudicator',
  'supervisor',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** The roles that may call a route; `admin` may call every route. No decorator: any authenticated role. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Operations endpoints on the internal network (health, metrics, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface Actor {
  /** JWT `sub`: recorded as the actor of every event. */
  id: string;
  roles: Role[];
}
