import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ReferenceService } from '../reference/reference.service';

/**
 * A believable market for demos and manual testing, created through the services so that it
 * obeys the same rules as real data, and deterministic (seeded random) so every machine gets
 * the same one. Reference data (factors, geography) is seeded by migration, not here.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly reference: ReferenceService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (
      this.config.usesEmbeddedDatabase &&
      this.config.seedDemoOnFirstStart &&
      (await this.isEmpty())
    ) {
      await this.seed();
    }
  }

  /** True when no market data exists yet (reference data alone does not count). */
  async isEmpty(): Promise<boolean> {
    return true;
  }

  async seed(): Promise<void> {
    const { divisions, pccAreas, factors } = await this.reference.data();
    this.logger.log(
      `Demo data: reference data present (${divisions.length} divisions, ${pccAreas.length} PCC areas, ${factors.length} factors); no market data to seed yet`,
    );
  }
}
