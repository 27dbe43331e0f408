import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ownedRecord, OwnedRecord } from '../common/node';

const TABLES = [
  { typename: 'ActionPlan', table: 'action_plan', ownerColumn: 'referral_id' },
  { typename: 'DeliverySession', table: 'delivery_session', ownerColumn: 'referral_id' },
  { typename: 'CaseNote', table: 'case_note', ownerColumn: 'referral_id' },
];

/** A referral's action plans, sessions and case notes: which referral one belongs to (for node(id:)). */
@Injectable()
export class DeliveryRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ownerOf(id: string): Promise<OwnedRecord | undefined> {
    return ownedRecord(this.dataSource, id, TABLES);
  }
}
