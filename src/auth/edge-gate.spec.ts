import { RateCardImportResolver } from '../catalogue/rate-card-import.resolver';
import { IMPORT_ROLES } from './edge-gate';
import { ROLES_KEY } from './roles.decorator';

describe('IMPORT_ROLES', () => {
  it('are the roles importRateCard declares (who may send its large body)', () => {
    const declared = Reflect.getMetadata(
      ROLES_KEY,
      RateCardImportResolver.prototype.importRateCard,
    ) as unknown;
    expect(declared).toEqual([...IMPORT_ROLES]);
  });
});
