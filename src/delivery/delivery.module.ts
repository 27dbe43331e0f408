import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
  ],
  providers: [DeliveryService, DeliveryResolver, ReferralDeliveryResolver],
  exports: [DeliveryService],
})
export class DeliveryModule {}
