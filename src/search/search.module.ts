import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { PreparedStatements } from '../database/prepared-statements';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { ReferenceModule } from '../reference/reference.module';
import { SearchDemandEntity } from './search-demand.entity';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([SearchDemandEntity]),
    CatalogueModule,
    ReferenceModule,
    OutcomesModule,
  ],
  providers: [SearchService, SearchResolver, PreparedStatements],
})
export class SearchModule {}
