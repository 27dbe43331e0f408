import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessLogService } from './access-log.service';
import { PersonalDataAccessEntity } from './personal-data-access.entity';

/**
 * The record of who read personal data, on its own so that the modules serving the reads
 * (referrals, delivery) can note them without depending on the rest of the privacy module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PersonalDataAccessEntity])],
  providers: [AccessLogService],
  exports: [AccessLogService],
})
export class AccessLogModule {}
