import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ownedRecord, OwnedRecord } from '../common/node';

const TABLES = [
  { typename: 'ReferralStatusChange', table: 'referral_status_change', ownerColumn: 'referral_id' },
  { typename: 'TimelineEvent', table: 'referral_timeline_event', ownerColumn: 'referral_id' },
];

/** A referral's status changes and timeline events: which referral one belongs to (for node(id:)). */
@Injectable()
export class ReferralRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ownerOf(id: string): Promise<OwnedRecord | undefined> {
    return ownedRecord(this.dataSource, id, TABLES);
  }
}
