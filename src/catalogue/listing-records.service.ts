import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ownedRecord, OwnedRecord } from '../common/node';

const TABLES = [
  { typename: 'Venue', table: 'venue', ownerColumn: 'intervention_id' },
  { typename: 'Price', table: 'intervention_price', ownerColumn: 'intervention_id' },
];

/** A listing's venues and price versions: which listing one belongs to (for node(id:)). */
@Injectable()
export class ListingRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ownerOf(id: string): Promise<OwnedRecord | undefined> {
    return ownedRecord(this.dataSource, id, TABLES);
  }
}
