import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ownedRecord, OwnedRecord } from '../common/node';

const TABLES = [
  { typename: 'Outcome', table: 'outcome', ownerColumn: 'referral_id' },
  { typename: 'EndOfServiceReport', table: 'end_of_service_report', ownerColumn: 'referral_id' },
];

/** A referral's outcome and end-of-service report: which referral one belongs to (for node(id:)). */
@Injectable()
export class OutcomeRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ownerOf(id: string): Promise<OwnedRecord | undefined> {
    return ownedRecord(this.dataSource, id, TABLES);
  }
}
