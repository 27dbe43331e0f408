import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [ReferenceModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
