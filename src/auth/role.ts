import { registerDescribedEnum } from '../common/graphql-enums';

/** What a signed-in user may do, from the `roles` claim of their token. */
export enum Role {
  /** NPS staff who search interventions and buy places against their division's budget. */
  PURCHASER = 'PURCHASER',
  /** A CRC or other supplier publishing its own organisation's interventions. */
  SUPPLIER = 'SUPPLIER',
  /** Watches provision, usage and spend, nationally or for one division. */
  COMMISSIONER = 'COMMISSIONER',
  /** Runs the marketplace; may act for any organisation. */
  ADMIN = 'ADMIN',
}

export const ALL_ROLES = Object.values(Role);

registerDescribedEnum(
  Role,
  'Role',
  'What a signed-in user may do, from the roles claim of their token.',
  {
    PURCHASER: 'NPS staff who search interventions and buy places against their division budget.',
    SUPPLIER: "A CRC or other supplier publishing its own organisation's interventions.",
    COMMISSIONER: 'Watches provision, usage and spend, nationally or for one division.',
    ADMIN: 'Runs the marketplace; may act for any organisation.',
  },
);
