import { DeliveryRecordsService } from './delivery-records.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessLogModule } from '../privacy/access-log.module';
import { ReferralsModule } from '../referrals/referrals.module';
import {
  ActionPlanEntity,
  CaseNoteEntity,
  DeliverySessionEntity,
  SessionRescheduleEntity,
} from './delivery.entities';
import { DeliveryResolver, ReferralDeliveryResolver } from './delivery.resolver';
import { DeliveryService } from './delivery.service';

/** Delivering a referral: action plans, sessions and their feedback, case notes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ActionPlanEntity,
      DeliverySessionEntity,
      SessionRescheduleEntity,
      CaseNoteEntity,
    ]),
    ReferralsModule,
    AccessLogModule,
  ],
  providers: [DeliveryRecordsService, DeliveryService, DeliveryResolver, ReferralDeliveryResolver],
  exports: [DeliveryService, DeliveryRecordsService],
})
export class DeliveryModule {}
