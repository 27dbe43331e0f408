import { GAP_CSV_COLUMNS } from '../../commissioning/gap-csv-columns';
import { streamCsv } from '../../commissioning/csv';
import { SPEND_CSV_COLUMNS } from '../../commissioning/spend-csv-columns';
import { USAGE_CSV_COLUMNS, UsageCsvRow } from '../../commissioning/usage-csv-columns';
import { everyPage } from '../../common/paging';
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { CsrfGuard } from '../csrf.guard';
import { FieldMessage, formatPence } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { pageErrorOf, WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';
import { breakdowns, BreakdownsData } from './breakdowns-view';
import { renderChart } from './charts';
import {
  GAP_SORTS,
  gapMap,
  GapRow,
  isMeasure,
  MEASURES,
  measureWords,
  nationalWords,
  sortGapRows,
} from './gaps-view';
import { ScorecardRow, scorecardSpec } from './scorecard-chart';
import { Chart, FigureTable, monthsUpTo, stackedChart } from './usage-view';

type QueryString = Record<string, string | string[] | undefined>;

interface Choices {
  me: { id: string; roles: string[]; divisionCode: string | null };
  factors: { code: string; name: string }[];
  divisions: {
    code: string;
    name: string;
    contractPackageAreas: { code: string; name: string }[];
    pccAreas: { code: string; name: string }[];
  }[];
}

interface SpendRow {
  key: string;
  label: string;
  referrals: number;
  spendPence: number;
  feePence: number;
  outcomePaymentsPence: number;
  share: number;
}

const one = (value: string | string[] | undefined): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/**
 * Variables without their unset entries: the reports read a `null` area code as a code given (and
 * unknown), so what the page leaves out is left out of the variables too.
 */
function defined<T extends Record<string, unknown>>(variables: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(variables)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [
        k,
        typeof v === 'object' && !Array.isArray(v) ? defined(v as Record<string, unknown>) : v,
      ]),
  ) as Partial<T>;
}

/** A page's period as a query string (empty when neither end is given). */
function periodQuery(from?: string, to?: string): string {
  const query = new URLSearchParams(defined({ from, to }) as Record<string, string>).toString();
  return query ? `?${query}` : '';
}

/** The API's field paths (`filter.from`, `from`) as the form's field names. */
const formField = (path: string): string => path.replace(/^filter\./, '');

/** A CSV file of a table, its columns as headed. */
function sendCsv(res: Response, filename: string, columns: string[], rows: unknown[][]): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(stringify([columns, ...rows]));
}

/** A figure table's rows as the page shows them (pence as pounds). */
function shownRows(table: FigureTable): string[][] {
  return table.rows.map((row) =>
    row.map((cell, i) =>
      table.penceColumns?.includes(i) && typeof cell === 'number'
        ? formatPence(cell)
        : String(cell),
    ),
  );
}

const USAGE_MONTHS = 6;
const STALE_AFTER_DAYS = 90;
const DECLARATIONS_WITHIN_DAYS = 60;

/** A page of the rate card's use, as the usage page asks for it. */
interface UsageListings {
  totalCount: number;
  edges: {
    node: {
      title: string;
      providerName: string;
      status: string;
      referrals: number;
      spendPence: number;
      lastReferralAt: string | null;
      intervention: { id: string };
    };
  }[];
}

const listingsOf = (page: UsageListings) => ({
  rows: page.edges.map((e) => e.node),
  total: page.totalCount,
});

/**
 * The commissioners' pages: the gap map, an area, usage and spend, provider scorecards and market
 * upkeep. Every figure is the API's report queries' own (a division commissioner's scope is the
 * API's), each shown as a table too and downloadable as CSV.
 */
@Controller('commissioning')
@UseFilters(WebErrorsFilter)
export class CommissioningController {
  constructor(
    private readonly graphql: WebGraphql,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private choices(req: Request, res: Response): Promise<Choices> {
    return this.graphql.read<Choices>(req, res, 'CommissioningChoices');
  }

  /** The caller's own division when they are limited to it (the API's scope decides the rest). */
  private ownDivision(choices: Choices): string | undefined {
    const { roles, divisionCode } = choices.me;
    if (roles.includes('ADMIN')) return undefined;
    return divisionCode ?? undefined;
  }

  /** The divisions the caller may choose between. */
  private divisionsFor(choices: Choices) {
    const own = this.ownDivision(choices);
    return own ? choices.divisions.filter((d) => d.code === own) : choices.divisions;
  }

  // ---- Gaps ---------------------------------------------------------------------------------

  private readGapsForm(query: QueryString, choices: Choices) {
    const factorCodes = choices.factors.map((f) => f.code);
    const factor = one(query.factor);
    const measure = one(query.measure);
    return {
      factor: factor && factorCodes.includes(factor) ? factor : 'ACCOMMODATION',
      measure: isMeasure(measure) ? measure : 'gap',
      division: one(query.division) ?? this.ownDivision(choices),
      cpa: one(query.cpa),
      from: one(query.from),
      to: one(query.to),
      sort: one(query.sort) && one(query.sort)! in GAP_SORTS ? one(query.sort)! : 'area',
      order: one(query.order) === 'descending' ? 'descending' : 'ascending',
    };
  }

  private async gapRows(
    req: Request,
    res: Response,
    form: ReturnType<CommissioningController['readGapsForm']>,
  ): Promise<{ rows: GapRow[]; errors: FieldMessage[] }> {
    const answer = await this.graphql.run<{ provisionGaps: GapRow[] }>(
      req,
      res,
      'CommissioningGaps',
      defined({
        filter: {
          factors: [form.factor],
          divisionCode: form.division,
          contractPackageAreaCode: form.cpa,
          from: form.from,
          to: form.to,
        },
      }),
    );
    const refusal = answer.errors?.[0];
    if (refusal?.extensions?.code === 'BAD_USER_INPUT') {
      const fields = (refusal.extensions.fieldErrors ?? []) as FieldMessage[];
      return {
        rows: [],
        errors: fields.length
          ? fields.map((e) => ({ field: formField(e.field), message: e.message }))
          : [{ field: 'from', message: refusal.message }],
      };
    }
    if (refusal) throw pageErrorOf(refusal);
    return { rows: answer.data!.provisionGaps, errors: [] };
  }

  @Get()
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  index(@Res() res: Response) {
    res.redirect(303, '/commissioning/gaps');
  }

  @Get('gaps')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async gaps(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const choices = await this.choices(req, res);
    const form = this.readGapsForm(query, choices);
    const { rows, errors } = await this.gapRows(req, res, form);
    const factorName = choices.factors.find((f) => f.code === form.factor)!.name;
    const period = new URLSearchParams(
      Object.entries({ from: form.from, to: form.to }).filter(([, v]) => v) as [string, string][],
    ).toString();
    const map = gapMap(
      rows,
      form.measure,
      (row) => `/commissioning/areas/${row.pccArea.code}${period ? `?${period}` : ''}`,
      `Map of PCC areas: ${factorName}, ${MEASURES[form.measure].toLowerCase()}`,
    );
    const params = (overrides: Record<string, string | undefined>) =>
      new URLSearchParams(
        Object.entries({
          factor: form.factor,
          measure: form.measure,
          division: one(query.division),
          cpa: form.cpa,
          from: form.from,
          to: form.to,
          sort: form.sort,
          order: form.order,
          ...overrides,
        }).filter(([, v]) => v !== undefined) as [string, string][],
      ).toString();
    const sorted = sortGapRows(rows, form.sort, form.order === 'descending');
    const divisions = this.divisionsFor(choices);
    res.status(errors.length ? 400 : 200).render('pages/commissioning/gaps', {
      pageTitle: 'Gaps in provision',
      csrfToken: formToken(req),
      errors,
      form,
      factorName,
      measureName: MEASURES[form.measure].toLowerCase(),
      nationalWords,
      thresholdPercent: Math.round(this.config.provisionGapThresholds.gapBelow * 100),
      choices,
      divisions,
      cpas: divisions.flatMap((d) => d.contractPackageAreas),
      measures: Object.entries(MEASURES).map(([value, text]) => ({ value, text })),
      map,
      flagged: sorted.filter((r) => r.gap === 'GAP').map((r) => r.pccArea.name),
      rows: sorted.map((row) => ({
        ...row,
        words: measureWords(row, form.measure),
        // The verdict's place in the server's order, for the sortable table's script.
        verdictOrder: GAP_SORTS.gap(row),
      })),
      sortLink: (column: string) =>
        `/commissioning/gaps?${params({
          sort: column,
          order: form.sort === column && form.order === 'ascending' ? 'descending' : 'ascending',
        })}`,
      csvLink: `/commissioning/gaps.csv?${params({ sort: undefined, order: undefined })}`,
    });
  }

  @Get('gaps.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async gapsCsv(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const choices = await this.choices(req, res);
    const form = this.readGapsForm(query, choices);
    const { rows, errors } = await this.gapRows(req, res, form);
    if (errors.length) throw new PageNotFoundError();
    sendCsv(
      res,
      `provision-gaps-${form.factor.toLowerCase()}.csv`,
      GAP_CSV_COLUMNS.map(([name]) => name),
      sortGapRows(rows, 'area', false).map((row) => GAP_CSV_COLUMNS.map(([, get]) => get(row))),
    );
  }

  // ---- Area ---------------------------------------------------------------------------------

  @Get('areas/:code')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async area(
    @Req() req: Request,
    @Res() res: Response,
    @Param('code') code: string,
    @Query() query: QueryString,
  ) {
    const choices = await this.choices(req, res);
    const division = choices.divisions.find((d) => d.pccAreas.some((a) => a.code === code));
    if (!division) throw new PageNotFoundError();
    const areaName = division.pccAreas.find((a) => a.code === code)!.name;
    const from = one(query.from);
    const to = one(query.to);
    const data = await this.graphql.read<{ provisionGaps: GapRow[]; spend: SpendRow[] }>(
      req,
      res,
      'CommissioningArea',
      defined({ filter: { pccAreaCode: code, from, to }, pccAreaCode: code, from, to }),
    );
    const factor = one(query.factor);
    const ranked = choices.factors.some((f) => f.code === factor) ? factor! : 'ACCOMMODATION';
    // The providers serving the area, ranked by the API, best first.
    const ranking = await this.graphql.read<{
      contributionScores: {
        nodes: {
          provider: { id: string; name: string; kind: string };
          judged: number;
          score: number;
          lower: number;
          upper: number;
        }[];
      };
    }>(req, res, 'CommissioningRanking', { factor: ranked, pccAreaCode: code });
    const kinds = new Map<string, number>();
    for (const s of ranking.contributionScores.nodes) {
      kinds.set(s.provider.kind, (kinds.get(s.provider.kind) ?? 0) + 1);
    }
    res.render('pages/commissioning/area', {
      pageTitle: `${areaName}: provision by need`,
      csrfToken: formToken(req),
      areaName,
      areaCode: code,
      division,
      rows: data.provisionGaps,
      nationalWords,
      thresholdPercent: Math.round(this.config.provisionGapThresholds.gapBelow * 100),
      spend: data.spend,
      factors: choices.factors,
      ranked,
      rankedName: choices.factors.find((f) => f.code === ranked)!.name,
      ranking: ranking.contributionScores.nodes,
      providersByKind: [...kinds].map(([kind, count]) => ({ kind, count })),
      spendCsvLink: `/commissioning/areas/${code}/spend.csv${periodQuery(from, to)}`,
      from,
      to,
    });
  }

  /** The area's spend by need as CSV: the API's `spend.csv` columns and figures. */
  @Get('areas/:code/spend.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async areaSpendCsv(
    @Req() req: Request,
    @Res() res: Response,
    @Param('code') code: string,
    @Query() query: QueryString,
  ) {
    const choices = await this.choices(req, res);
    if (!choices.divisions.some((d) => d.pccAreas.some((a) => a.code === code))) {
      throw new PageNotFoundError();
    }
    const data = await this.graphql.read<{ spend: SpendRow[] }>(
      req,
      res,
      'CommissioningAreaSpend',
      defined({ pccAreaCode: code, from: one(query.from), to: one(query.to) }),
    );
    // As the API's CSV writes it (CRLF line ends, formulas defused), byte for byte.
    await streamCsv(
      res,
      `spend-by-factor-in-${code}.csv`,
      SPEND_CSV_COLUMNS,
      (async function* () {
        yield data.spend;
      })(),
    );
  }

  // ---- Usage and spend ----------------------------------------------------------------------

  private async usageCharts(
    req: Request,
    res: Response,
    choices: Choices,
    draw = true,
  ): Promise<Chart[]> {
    const division = this.ownDivision(choices);
    const months = monthsUpTo(this.clock.today(), USAGE_MONTHS);
    const byMonth: {
      label: string;
      data: Record<'byDivision' | 'byKind' | 'byFactor', SpendRow[]>;
    }[] = [];
    for (const month of months) {
      const data = await this.graphql.read<
        Record<'byDivision' | 'byKind' | 'byFactor', SpendRow[]>
      >(
        req,
        res,
        'CommissioningUsageMonth',
        defined({ from: month.from, to: month.to, divisionCode: division }),
      );
      byMonth.push({ label: month.label, data });
    }
    const points = (grouping: 'byDivision' | 'byKind', value: (row: SpendRow) => number) =>
      byMonth.flatMap((m) =>
        m.data[grouping].map((row) => ({
          category: m.label,
          series: row.label,
          value: value(row),
        })),
      );
    const divisions = [...new Set(byMonth.flatMap((m) => m.data.byDivision.map((r) => r.label)))];
    const kinds = [...new Set(byMonth.flatMap((m) => m.data.byKind.map((r) => r.label)))];
    const total = (grouping: 'byDivision' | 'byKind', value: (row: SpendRow) => number) =>
      byMonth.reduce((sum, m) => sum + m.data[grouping].reduce((s, r) => s + value(r), 0), 0);

    const referrals = total('byDivision', (r) => r.referrals);
    const spend = total('byDivision', (r) => r.spendPence);
    const fees = total('byDivision', (r) => r.feePence);
    const outcomePayments = total('byDivision', (r) => r.outcomePaymentsPence);
    const voluntary = byMonth.reduce(
      (sum, m) =>
        sum +
        m.data.byKind
          .filter((r) => r.key === 'VOLUNTARY_SECTOR')
          .reduce((s, r) => s + r.spendPence, 0),
      0,
    );
    const span = `${months[0].label} to ${months[months.length - 1].label}`;
    const busiest = [...byMonth].sort(
      (a, b) =>
        b.data.byDivision.reduce((s, r) => s + r.referrals, 0) -
        a.data.byDivision.reduce((s, r) => s + r.referrals, 0),
    )[0];

    const factorTotals = new Map<string, SpendRow>();
    for (const m of byMonth) {
      for (const row of m.data.byFactor) {
        const sum = factorTotals.get(row.label);
        factorTotals.set(row.label, {
          ...row,
          spendPence: (sum?.spendPence ?? 0) + row.spendPence,
        });
      }
    }
    const topFactor = [...factorTotals.values()].sort((a, b) => b.spendPence - a.spendPence)[0];

    return [
      await stackedChart(
        'referrals-by-division',
        'Referrals by month and division',
        `${referrals} referrals bought from ${span}; the busiest month was ${busiest.label}.`,
        points('byDivision', (r) => r.referrals),
        { categoryTitle: 'Month', valueTitle: 'Referrals', seriesOrder: divisions },
        draw,
      ),
      await stackedChart(
        'spend-by-division',
        'Spend by month and division',
        `${formatPence(spend)} committed or spent from ${span}.`,
        points('byDivision', (r) => r.spendPence),
        { categoryTitle: 'Month', valueTitle: 'Spend', seriesOrder: divisions, pence: true },
        draw,
      ),
      await stackedChart(
        'spend-by-provider-kind',
        'Spend by month and kind of provider',
        `The voluntary sector’s share was ${spend > 0 ? Math.round((voluntary / spend) * 100) : 0}% (${formatPence(voluntary)} of ${formatPence(spend)}).`,
        points('byKind', (r) => r.spendPence),
        { categoryTitle: 'Month', valueTitle: 'Spend', seriesOrder: kinds, pence: true },
        draw,
      ),
      await stackedChart(
        'fees-and-outcome-payments',
        'Fees beside outcome payments by month',
        `Fees were ${formatPence(fees)} and outcome payments ${formatPence(outcomePayments)} from ${span}.`,
        byMonth.flatMap((m) => [
          {
            category: m.label,
            series: 'Fees',
            value: m.data.byDivision.reduce((s, r) => s + r.feePence, 0),
          },
          {
            category: m.label,
            series: 'Outcome payments',
            value: m.data.byDivision.reduce((s, r) => s + r.outcomePaymentsPence, 0),
          },
        ]),
        {
          categoryTitle: 'Month',
          valueTitle: 'Spend',
          seriesOrder: ['Fees', 'Outcome payments'],
          pence: true,
        },
        draw,
      ),
      await stackedChart(
        'spend-by-need',
        'Spend by need',
        topFactor && topFactor.spendPence > 0
          ? `${topFactor.label} took the most: ${formatPence(topFactor.spendPence)} from ${span}.`
          : `Nothing was spent from ${span}.`,
        [...factorTotals.values()].map((row) => ({
          category: row.label,
          series: 'Spend',
          value: row.spendPence,
        })),
        {
          categoryTitle: 'Need',
          valueTitle: 'Spend',
          seriesOrder: ['Spend'],
          pence: true,
          horizontal: true,
        },
        draw,
      ),
    ];
  }

  @Get('usage')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async usage(@Req() req: Request, @Res() res: Response) {
    const choices = await this.choices(req, res);
    const charts = await this.usageCharts(req, res, choices);
    const { from: sixMonthsAgo, to: today } = this.usagePeriod();
    const division = this.ownDivision(choices);
    const usage = await this.graphql.read<{
      bought: UsageListings;
      notBought: UsageListings;
      divisionsWithoutPurchases: {
        level: string;
        code: string;
        name: string;
        divisionCode: string;
        searches: number;
        lastPurchaseAt: string | null;
      }[];
    }>(
      req,
      res,
      'CommissioningRateCardUsage',
      defined({
        bought: defined({ from: sixMonthsAgo, to: today, divisionCode: division, bought: true }),
        notBought: defined({
          from: sixMonthsAgo,
          to: today,
          divisionCode: division,
          bought: false,
        }),
        from: sixMonthsAgo,
        to: today,
      }),
    );
    const csv = (bought: boolean) => `/commissioning/rate-card-usage.csv?bought=${bought}`;
    res.render('pages/commissioning/usage', {
      pageTitle: 'Usage and spend',
      csrfToken: formToken(req),
      charts: charts.map((chart) => ({ ...chart, shown: shownRows(chart.table) })),
      sixMonthsAgo,
      bought: { ...listingsOf(usage.bought), csv: csv(true) },
      notBought: { ...listingsOf(usage.notBought), csv: csv(false) },
      listingsTotal: usage.bought.totalCount + usage.notBought.totalCount,
      withoutPurchases: usage.divisionsWithoutPurchases,
    });
  }

  /** Every listing bought (`?bought=true`) or not bought (`false`) in the usage page's period. */
  @Get('rate-card-usage.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async rateCardUsageCsv(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const choices = await this.choices(req, res);
    const bought = one(query.bought);
    if (bought !== 'true' && bought !== 'false') throw new PageNotFoundError();
    const filter = defined({
      ...this.usagePeriod(),
      divisionCode: this.ownDivision(choices),
      bought: bought === 'true',
    });
    const pages = everyPage(async (after) => {
      const data = await this.graphql.read<{
        rateCardUsage: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: {
            node: Omit<UsageCsvRow, 'interventionId' | 'providerId'> & {
              intervention: { id: string };
              provider: { id: string };
            };
          }[];
        };
      }>(req, res, 'CommissioningRateCardUsageCsv', defined({ filter, after }));
      const { pageInfo, edges } = data.rateCardUsage;
      return {
        pageInfo,
        edges: edges.map(({ node }) => ({
          node: { ...node, interventionId: node.intervention.id, providerId: node.provider.id },
        })),
      };
    });
    await streamCsv(
      res,
      bought === 'true' ? 'rate-card-bought.csv' : 'rate-card-not-bought.csv',
      USAGE_CSV_COLUMNS,
      pages,
    );
  }

  /** The usage page's period: the last six months to today. */
  private usagePeriod(): { from: string; to: string } {
    const today = this.clock.today();
    return { from: monthsUpTo(today, 7)[0].from, to: today };
  }

  @Get('usage/:chart.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async usageCsv(@Req() req: Request, @Res() res: Response, @Param('chart') id: string) {
    const choices = await this.choices(req, res);
    const chart = (await this.usageCharts(req, res, choices, false)).find((c) => c.id === id);
    if (!chart) throw new PageNotFoundError();
    const columns = chart.table.columns.map((c, i) =>
      chart.table.penceColumns?.includes(i) ? `${c} (pence)` : c,
    );
    sendCsv(res, `${id}.csv`, columns, chart.table.rows);
  }

  // ---- Breakdowns ---------------------------------------------------------------------------

  private async breakdownTables(req: Request, res: Response, query: QueryString) {
    const choices = await this.choices(req, res);
    const data = await this.graphql.read<BreakdownsData>(
      req,
      res,
      'CommissioningBreakdowns',
      defined({
        divisionCode: this.ownDivision(choices),
        from: one(query.from),
        to: one(query.to),
      }),
    );
    return breakdowns(data);
  }

  @Get('breakdowns')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async breakdownsPage(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const tables = await this.breakdownTables(req, res, query);
    res.render('pages/commissioning/breakdowns', {
      pageTitle: 'Breakdowns',
      csrfToken: formToken(req),
      tables,
    });
  }

  @Get('breakdowns/:table.csv')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async breakdownCsv(
    @Req() req: Request,
    @Res() res: Response,
    @Param('table') id: string,
    @Query() query: QueryString,
  ) {
    const table = (await this.breakdownTables(req, res, query)).find((t) => t.id === id);
    if (!table) throw new PageNotFoundError();
    sendCsv(res, `${id}.csv`, table.csvColumns, table.csvRows);
  }

  // ---- Scorecards ---------------------------------------------------------------------------

  @Get('scorecards')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async scorecards(@Req() req: Request, @Res() res: Response, @Query() query: QueryString) {
    const choices = await this.choices(req, res);
    const asked = one(query.factor);
    const factor = choices.factors.some((f) => f.code === asked) ? asked! : 'ACCOMMODATION';
    const factorName = choices.factors.find((f) => f.code === factor)!.name;
    const areas = choices.divisions
      .flatMap((d) => d.pccAreas)
      .sort((a, b) => a.name.localeCompare(b.name));
    const area = areas.find((a) => a.code === one(query.area));
    const data = await this.graphql.read<{ contributionScores: { nodes: ScorecardRow[] } }>(
      req,
      res,
      'CommissioningScorecards',
      { factor, pccAreaCode: area?.code ?? null },
    );
    const rows = data.contributionScores.nodes;
    const where = area ? ` serving ${area.name}` : '';
    const summary =
      rows.length === 0
        ? `No provider${where} has a score for ${factorName} yet.`
        : `${rows.length} providers${where} scored for ${factorName}; ${rows[0].provider.name} ranks first at ${Math.round(rows[0].score * 100)}% (likely between ${Math.round(rows[0].lower * 100)}% and ${Math.round(rows[0].upper * 100)}%).`;
    const svg = rows.length
      ? await renderChart(scorecardSpec(rows), `Contribution scores for ${factorName}. ${summary}`)
      : '';
    res.render('pages/commissioning/scorecards', {
      pageTitle: 'Provider scorecards',
      csrfToken: formToken(req),
      factors: choices.factors,
      factor,
      factorName,
      areas,
      area,
      rows,
      summary,
      svg,
    });
  }

  // ---- Market upkeep ------------------------------------------------------------------------

  private async renderUpkeep(
    req: Request,
    res: Response,
    choices: Choices,
    budgetForm: { divisionCode?: string; amount?: string; financialYear?: string },
    errors: FieldMessage[],
    status = 200,
  ) {
    const today = this.clock.today();
    const [year, month] = today.split('-').map(Number);
    const financialYear = month >= 4 ? year : year - 1;
    const division = this.ownDivision(choices);
    const data = await this.graphql.read<{
      staleListings: { totalCount: number; edges: { node: Record<string, unknown> }[] };
      expiringDeclarations: { nodes: Record<string, unknown>[] };
    }>(
      req,
      res,
      'CommissioningUpkeep',
      defined({
        olderThanDays: STALE_AFTER_DAYS,
        divisionCode: division,
        withinDays: DECLARATIONS_WITHIN_DAYS,
      }),
    );
    const divisions = this.divisionsFor(choices);
    const budgets = [];
    for (const d of divisions) {
      const budget = await this.graphql.read<{ divisionBudget: Record<string, number> }>(
        req,
        res,
        'CommissioningBudget',
        { divisionCode: d.code, financialYear },
      );
      budgets.push({ ...budget.divisionBudget, name: d.name });
    }
    res.status(status).render('pages/commissioning/upkeep', {
      pageTitle: 'Market upkeep',
      csrfToken: formToken(req),
      errors,
      staleAfterDays: STALE_AFTER_DAYS,
      declarationsWithinDays: DECLARATIONS_WITHIN_DAYS,
      stale: data.staleListings,
      declarations: data.expiringDeclarations.nodes,
      budgets,
      divisions,
      financialYear,
      budgetForm: { financialYear: String(financialYear), ...budgetForm },
      saved: req.query.saved,
    });
  }

  @Get('upkeep')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async upkeep(@Req() req: Request, @Res() res: Response) {
    const choices = await this.choices(req, res);
    await this.renderUpkeep(req, res, choices, {}, []);
  }

  @Post('budgets')
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @UseGuards(CsrfGuard)
  async setBudget(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: { divisionCode?: string; amount?: string; financialYear?: string },
  ) {
    const choices = await this.choices(req, res);
    const form = {
      divisionCode: (body.divisionCode ?? '').trim(),
      amount: (body.amount ?? '').trim().replace(/[£,\s]/g, ''),
      financialYear: (body.financialYear ?? '').trim(),
    };
    const errors: FieldMessage[] = [];
    if (!form.divisionCode) errors.push({ field: 'divisionCode', message: 'Select a division' });
    if (!/^\d+(\.\d{1,2})?$/.test(form.amount)) {
      errors.push({
        field: 'amount',
        message: 'Enter the budget in pounds, like 250000 or 250000.50',
      });
    }
    if (!/^\d{4}$/.test(form.financialYear)) {
      errors.push({ field: 'financialYear', message: 'Enter the financial year, like 2026' });
    }
    if (errors.length === 0) {
      const [pounds, pennies = '0'] = form.amount.split('.');
      const answer = await this.graphql.run(req, res, 'CommissioningSetBudget', {
        divisionCode: form.divisionCode,
        financialYear: Number(form.financialYear),
        amountPence: Number(pounds) * 100 + Number(pennies.padEnd(2, '0')),
      });
      const refusal = answer.errors?.[0];
      if (!refusal) {
        return res.redirect(
          303,
          `/commissioning/upkeep?saved=${encodeURIComponent(form.divisionCode)}#budgets`,
        );
      }
      const code = refusal.extensions?.code;
      if (code === 'BAD_USER_INPUT') {
        const fields = (refusal.extensions?.fieldErrors ?? []) as FieldMessage[];
        const named: Record<string, string> = { amountPence: 'amount' };
        errors.push(
          ...(fields.length
            ? fields.map((e) => ({ field: named[e.field] ?? e.field, message: e.message }))
            : [{ field: 'divisionCode', message: refusal.message }]),
        );
      } else if (code === 'CONFLICT' && refusal.extensions?.reason === 'BUDGET_BELOW_USED') {
        errors.push({
          field: 'amount',
          message:
            'The budget cannot be less than what the division has already committed and spent',
        });
      } else if (code === 'NOT_FOUND') {
        errors.push({ field: 'divisionCode', message: 'Select a division' });
      } else {
        throw pageErrorOf(refusal);
      }
    }
    await this.renderUpkeep(req, res, choices, body, errors, 400);
  }
}
