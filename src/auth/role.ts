import { registerEnumType } from '@nestjs/graphql';

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

registerEnumType(Role, {
  name: 'Role',
  description: 'What a signed-in user may do, from the roles claim of their token.',
  valuesMap: {
    PURCHASER: {
      description:
        'NPS staff who search interventions and buy places against their division budget.',
    },
    SUPPLIER: {
      description: "A CRC or other supplier publishing its own organisation's interventions.",
    },
    COMMISSIONER: {
      description: 'Watches provision, usage and spend, nationally or for one division.',
    },
    ADMIN: { description: 'Runs the marketplace; may act for any organisation.' },
  },
});
