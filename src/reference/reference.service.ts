import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { FactorCode } from './factor-code';
import {
  ContractPackageAreaEntity,
  DesiredOutcomeEntity,
  DivisionEntity,
  FactorEntity,
  PccAreaEntity,
} from './reference.entities';
import { ContractPackageArea, DesiredOutcome, Division, Factor, PccArea } from './reference.models';

/** The whole geography and factor list, linked both ways. */
export interface ReferenceData {
  factors: Factor[];
  divisions: Division[];
  contractPackageAreas: ContractPackageArea[];
  pccAreas: PccArea[];
  divisionByCode: Map<string, Division>;
  contractPackageAreaByCode: Map<string, ContractPackageArea>;
  pccAreaByCode: Map<string, PccArea>;
  /** Every desired outcome, retired ones too, by factor order then position. */
  desiredOutcomes: DesiredOutcome[];
  desiredOutcomeById: Map<string, DesiredOutcome>;
}

/**
 * Reference data changes only by migration, so it is read once per process and served from
 * memory: nested queries over the geography cost no SQL at all.
 */
@Injectable()
export class ReferenceService {
  private loaded?: Promise<ReferenceData>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  data(): Promise<ReferenceData> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async factors(): Promise<Factor[]> {
    return (await this.data()).factors;
  }

  async divisions(): Promise<Division[]> {
    return (await this.data()).divisions;
  }

  async pccAreas(): Promise<PccArea[]> {
    return (await this.data()).pccAreas;
  }

  /** The desired outcomes of a factor (or all), current ones only unless `includeRetired`. */
  async desiredOutcomes(factor?: FactorCode, includeRetired = false): Promise<DesiredOutcome[]> {
    return (await this.data()).desiredOutcomes.filter(
      (o) => (!factor || o.factor === factor) && (includeRetired || !o.retiredOn),
    );
  }

  /** Desired outcomes by id (retired ones too); unknown ids are left out. */
  async desiredOutcomesByIds(ids: readonly string[]): Promise<DesiredOutcome[]> {
    const byId = (await this.data()).desiredOutcomeById;
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async division(code: string): Promise<Division> {
    const division = (await this.data()).divisionByCode.get(code);
    if (!division) throw new NotFoundError('Division', code);
    return division;
  }

  async pccArea(code: string): Promise<PccArea> {
    const area = (await this.data()).pccAreaByCode.get(code);
    if (!area) throw new NotFoundError('PCC area', code);
    return area;
  }

  async contractPackageArea(code: string): Promise<ContractPackageArea> {
    const area = (await this.data()).contractPackageAreaByCode.get(code);
    if (!area) throw new NotFoundError('Contract package area', code);
    return area;
  }

  private async load(): Promise<ReferenceData> {
    const [factorRows, divisionRows, cpaRows, pccRows, outcomeRows] = await Promise.all([
      this.dataSource.getRepository(FactorEntity).find({ order: { displayOrder: 'ASC' } }),
      this.dataSource.getRepository(DivisionEntity).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(ContractPackageAreaEntity).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(PccAreaEntity).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(DesiredOutcomeEntity).find({ order: { position: 'ASC' } }),
    ]);
    const factorOrder = new Map(factorRows.map((f) => [f.code, f.displayOrder]));
    const desiredOutcomes = outcomeRows
      .sort(
        (a, b) =>
          factorOrder.get(a.factorCode)! - factorOrder.get(b.factorCode)! ||
          a.position - b.position,
      )
      .map((row) =>
        Object.assign(new DesiredOutcome(), {
          id: row.id,
          factor: row.factorCode as FactorCode,
          description: row.description,
          retiredOn: row.retiredOn,
        }),
      );

    const divisions = divisionRows.map((row) =>
      Object.assign(new Division(), { ...row, contractPackageAreas: [], pccAreas: [] }),
    );
    const divisionByCode = new Map(divisions.map((d) => [d.code, d]));
    const contractPackageAreas = cpaRows.map((row) => {
      const division = divisionByCode.get(row.divisionCode)!;
      const cpa = Object.assign(new ContractPackageArea(), {
        code: row.code,
        name: row.name,
        crcOwner: row.crcOwner,
        division,
        pccAreas: [],
      });
      division.contractPackageAreas.push(cpa);
      return cpa;
    });
    const contractPackageAreaByCode = new Map(contractPackageAreas.map((c) => [c.code, c]));
    const pccAreas = pccRows.map((row) => {
      const contractPackageArea = contractPackageAreaByCode.get(row.contractPackageAreaCode)!;
      const area = Object.assign(new PccArea(), {
        code: row.code,
        name: row.name,
        centroid: { lat: row.centroidLat, lng: row.centroidLng },
        contractPackageArea,
        division: contractPackageArea.division,
      });
      contractPackageArea.pccAreas.push(area);
      contractPackageArea.division.pccAreas.push(area);
      return area;
    });

    return {
      factors: factorRows.map((row) =>
        Object.assign(new Factor(), { code: row.code as FactorCode, name: row.name }),
      ),
      divisions,
      contractPackageAreas,
      pccAreas,
      divisionByCode,
      contractPackageAreaByCode,
      pccAreaByCode: new Map(pccAreas.map((p) => [p.code, p])),
      desiredOutcomes,
      desiredOutcomeById: new Map(desiredOutcomes.map((o) => [o.id, o])),
    };
  }
}
