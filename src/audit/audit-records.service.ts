import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ownedRecord, OwnedRecord } from '../common/node';

const TABLES = [{ typename: 'AuditEvent', table: 'audit_event', ownerColumn: 'entity_id' }];

/** An audit event: the entity whose trail it is in (for node(id:)). */
@Injectable()
export class AuditRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  ownerOf(id: string): Promise<OwnedRecord | undefined> {
    return ownedRecord(this.dataSource, id, TABLES);
  }
}
