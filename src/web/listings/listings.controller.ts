import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../../auth/role';
import { Roles } from '../../auth/roles.decorator';
import { ForbiddenError } from '../../common/errors';
import { Geocoder } from '../../oruk/geocoder';
import { CsrfGuard } from '../csrf.guard';
import type {
  CreateListingMutation,
  CreateListingMutationVariables,
  EditListingQuery,
  ListingFormChoicesQuery,
  ManageListingQuery,
  ManageListingQueryVariables,
  MyListingsQuery,
  MyListingsQueryVariables,
  PriceUnit,
  PublishListingMutationVariables,
  SetListingCapacityMutation,
  SetListingCapacityMutationVariables,
  SetListingPriceMutation,
  SetListingPriceMutationVariables,
  UpdateListingMutation,
  UpdateListingMutationVariables,
} from '../graphql-types';
import { DELIVERY_MODES, RISK_LEVELS, SEXES, SUPERVISION_TYPES } from '../find/search-form';
import { FieldMessage, formatEnum } from '../view-filters';
import { PageNotFoundError } from '../web-errors';
import { WebErrorsFilter } from '../web-errors.filter';
import { WebGraphql } from '../web-graphql';
import { formToken } from '../web-session';
import {
  ADAPTATIONS,
  blankListingForm,
  dateOf,
  datePartsOf,
  FormBody,
  ListingFormValues,
  ListingInput,
  listingFieldOf,
  listingFormValues,
  penceOf,
  poundsOf,
  readListingForm,
  sentVenueRows,
  text,
  venueRowsToShow,
  wholeNumber,
} from './listing-form';
import { refusalMessages } from './refusals';

declare module 'express-session' {
  interface SessionData {
    /** What the last listing form did, shown once as a success banner on the next page. */
    listingsNotice?: string;
  }
}

interface Choice {
  code: string;
  name: string;
}

/** A listing its supplier manages (ManageListing and EditListing read the same fields). */
export type ManagedListing = NonNullable<ManageListingQuery['intervention']>;

/** What each read of a listing to manage answers, the listing known to be there. */
type Managed<T extends ManageListingQuery | EditListingQuery> = Omit<T, 'intervention'> & {
  intervention: NonNullable<T['intervention']>;
};

const LISTING_STATUSES = ['PUBLISHED', 'DRAFT', 'SUSPENDED', 'WITHDRAWN'] as const;
const PRICE_UNITS = ['PER_REFERRAL', 'PER_SESSION', 'PER_HOUR', 'PER_DAY'] as const;

/** What each status change is called on the page, and whether it asks first. */
const STATUS_ACTIONS = {
  publish: {
    operation: 'PublishListing',
    title: 'Publish this listing',
    question: 'Purchasers will be able to find and buy it.',
    button: 'Publish',
    done: 'Listing published',
  },
  suspend: {
    operation: 'SuspendListing',
    title: 'Suspend this listing',
    question:
      'It leaves the rate card for now: nobody can buy it until you publish it again. People already referred keep their places.',
    button: 'Suspend',
    done: 'Listing suspended',
  },
  withdraw: {
    operation: 'WithdrawListing',
    title: 'Withdraw this listing for good',
    question:
      'It leaves the rate card for good and can no longer be changed or published. It is kept for history.',
    button: 'Withdraw for good',
    done: 'Listing withdrawn',
  },
  confirm: {
    operation: 'ConfirmListing',
    title: 'Confirm this listing is still current',
    question: 'Confirm that what it says, its places and its next start are still right.',
    button: 'Confirm it is current',
    done: 'Listing confirmed as current',
  },
} as const;
type StatusAction = keyof typeof STATUS_ACTIONS;

const listingId = new ParseUUIDPipe({ exceptionFactory: () => new PageNotFoundError() });

/**
 * A supplier's own listings: the list with status, staleness, places and referrals waiting; create
 * and edit a listing; its price, capacity and next start; publish, suspend, withdraw and confirm.
 * Every rule is the API's: a refusal comes back onto the form's fields, another organisation's
 * listing is a 403 page (the API's `canManage`, and its FORBIDDEN on every change).
 */
@Controller()
@UseFilters(WebErrorsFilter)
export class ListingsController {
  constructor(
    private readonly graphql: WebGraphql,
    private readonly geocoder: Geocoder,
  ) {}

  @Get('listings')
  @Roles(Role.SUPPLIER)
  async myListings(
    @Req() req: Request,
    @Res() res: Response,
    @Query('status') status?: string,
    @Query('after') after?: string,
  ) {
    const shown = LISTING_STATUSES.find((s) => s === status);
    const data = await this.graphql.read<MyListingsQuery, MyListingsQueryVariables>(
      req,
      res,
      'MyListings',
      { status: shown ?? null, after: typeof after === 'string' && after ? after : null },
    );
    const { pageInfo } = data.myInterventions;
    const statusQuery = shown ? `status=${shown}&` : '';
    const waiting = new Map<string, number>();
    for (const edge of data.referrals.edges) {
      const id = edge.node.intervention.id;
      waiting.set(id, (waiting.get(id) ?? 0) + 1);
    }
    res.render('pages/listings/my-listings', {
      pageTitle: 'My listings',
      csrfToken: formToken(req),
      notice: takeNotice(req),
      firstPage: after ? `/listings${shown ? `?status=${shown}` : ''}` : undefined,
      nextPage:
        pageInfo.hasNextPage && pageInfo.endCursor
          ? `/listings?${statusQuery}after=${encodeURIComponent(pageInfo.endCursor)}`
          : undefined,
      listings: data.myInterventions.nodes.map((listing) => ({
        ...listing,
        referralsWaiting: waiting.get(listing.id) ?? 0,
      })),
      referralsWaiting: data.referrals.totalCount,
      status: shown,
      tabs: [undefined, ...LISTING_STATUSES].map((s) => ({
        text: s ? `${formatEnum(s)}` : 'All',
        href: s ? `/listings?status=${s}` : '/listings',
        active: s === shown,
      })),
      waitingCountedInFull: data.referrals.totalCount === data.referrals.edges.length,
    });
  }

  // ---- create and edit -----------------------------------------------------------------------

  @Get('listings/new')
  @Roles(Role.SUPPLIER)
  async newListing(@Req() req: Request, @Res() res: Response) {
    const choices = await this.graphql.read<ListingFormChoicesQuery>(
      req,
      res,
      'ListingFormChoices',
    );
    this.renderForm(req, res, { choices, form: blankListingForm(), errors: [] });
  }

  @Post('listings/new')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async createListing(@Req() req: Request, @Res() res: Response, @Body() body: FormBody) {
    const { values, input, errors } = readListingForm(body);
    if (errors.length === 0) {
      const answer = await this.graphql.run<CreateListingMutation, CreateListingMutationVariables>(
        req,
        res,
        'CreateListing',
        { input: await this.placed(input) },
      );
      const refusal = answer.errors?.[0];
      if (!refusal) {
        if (!answer.data) throw new Error('CreateListing answered no data');
        req.session.listingsNotice = 'Listing created as a draft';
        return res.redirect(303, `/listings/${answer.data.createIntervention.id}`);
      }
      errors.push(...this.formRefusal(refusal, values));
    }
    const choices = await this.graphql.read<ListingFormChoicesQuery>(
      req,
      res,
      'ListingFormChoices',
    );
    this.renderForm(req, res, { choices, form: values, errors });
  }

  @Get('listings/:id/edit')
  @Roles(Role.SUPPLIER)
  async editListing(@Req() req: Request, @Res() res: Response, @Param('id', listingId) id: string) {
    const data = await this.managed<EditListingQuery>(req, res, 'EditListing', id);
    this.renderForm(req, res, {
      choices: data,
      form: listingFormValues(data.intervention),
      errors: [],
      listing: data.intervention,
    });
  }

  @Post('listings/:id/edit')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async updateListing(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', listingId) id: string,
    @Body() body: FormBody,
  ) {
    const { values, input, errors } = readListingForm(body);
    if (errors.length === 0) {
      const answer = await this.graphql.run<UpdateListingMutation, UpdateListingMutationVariables>(
        req,
        res,
        'UpdateListing',
        {
          id,
          input: await this.placed(input),
        },
      );
      const refusal = answer.errors?.[0];
      if (!refusal) {
        req.session.listingsNotice = 'Listing details saved';
        return res.redirect(303, `/listings/${id}`);
      }
      errors.push(...this.formRefusal(refusal, values));
    }
    const data = await this.managed<EditListingQuery>(req, res, 'EditListing', id);
    this.renderForm(req, res, { choices: data, form: values, errors, listing: data.intervention });
  }

  // ---- one listing ---------------------------------------------------------------------------

  @Get('listings/:id')
  @Roles(Role.SUPPLIER)
  async manage(@Req() req: Request, @Res() res: Response, @Param('id', listingId) id: string) {
    const data = await this.managed(req, res, 'ManageListing', id);
    const names = new Map<string, string>(data.factors.map((f) => [f.code, f.name]));
    res.render('pages/listings/manage', {
      pageTitle: data.intervention.title,
      csrfToken: formToken(req),
      notice: takeNotice(req),
      listing: data.intervention,
      factorNames: data.intervention.factors.map((code) => names.get(code) ?? code),
    });
  }

  // ---- price ---------------------------------------------------------------------------------

  @Get('listings/:id/price')
  @Roles(Role.SUPPLIER)
  async pricePage(@Req() req: Request, @Res() res: Response, @Param('id', listingId) id: string) {
    const data = await this.managed(req, res, 'ManageListing', id);
    const current = data.intervention.price;
    this.renderPrice(req, res, data.intervention, {
      values: {
        amount: poundsOf(current?.amountPence),
        unit: current?.unit ?? '',
        outcomePayment: current ? poundsOf(current.outcomePaymentPence) : '',
        effectiveFrom: { day: '', month: '', year: '' },
      },
      errors: [],
    });
  }

  @Post('listings/:id/price')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async setPrice(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', listingId) id: string,
    @Body() body: FormBody,
  ) {
    const values = {
      amount: text(body.amount),
      unit: text(body.unit),
      outcomePayment: text(body.outcomePayment),
      effectiveFrom: {
        day: text(body['effectiveFrom-day']),
        month: text(body['effectiveFrom-month']),
        year: text(body['effectiveFrom-year']),
      },
    };
    const errors: FieldMessage[] = [];
    const amount = values.amount === '' ? undefined : penceOf(values.amount);
    if (amount === undefined) errors.push({ field: 'amount', message: 'Enter the price' });
    else if (typeof amount === 'string')
      errors.push({ field: 'amount', message: `Price ${amount}` });
    if (values.unit === '') errors.push({ field: 'unit', message: 'Select what the price is for' });
    const outcome = values.outcomePayment === '' ? undefined : penceOf(values.outcomePayment);
    if (typeof outcome === 'string')
      errors.push({ field: 'outcomePayment', message: `Outcome payment ${outcome}` });
    const from = dateOf(
      values.effectiveFrom.day,
      values.effectiveFrom.month,
      values.effectiveFrom.year,
    );
    if ('error' in from)
      errors.push({ field: 'effectiveFrom-day', message: `The first day ${from.error}` });

    if (errors.length === 0 && typeof amount === 'number' && typeof outcome !== 'string') {
      const answer = await this.graphql.run<
        SetListingPriceMutation,
        SetListingPriceMutationVariables
      >(req, res, 'SetListingPrice', {
        id,
        input: {
          amountPence: amount,
          // Sent as chosen: whether it is a unit is the API's rule.
          unit: values.unit as PriceUnit,
          ...(outcome === undefined ? {} : { outcomePaymentPence: outcome }),
          ...('date' in from && from.date ? { effectiveFrom: from.date } : {}),
        },
      });
      const refusal = answer.errors?.[0];
      if (!refusal) {
        req.session.listingsNotice = 'Price set';
        return res.redirect(303, `/listings/${id}#price`);
      }
      errors.push(...refusalMessages(refusal, priceFieldOf, 'effectiveFrom-day'));
    }
    const data = await this.managed(req, res, 'ManageListing', id);
    this.renderPrice(req, res, data.intervention, { values, errors });
  }

  // ---- capacity and next start ---------------------------------------------------------------

  @Get('listings/:id/capacity')
  @Roles(Role.SUPPLIER)
  async capacityPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', listingId) id: string,
  ) {
    const data = await this.managed(req, res, 'ManageListing', id);
    this.renderCapacity(req, res, data.intervention, {
      values: {
        capacity: String(data.intervention.capacity),
        nextStartDate: datePartsOf(data.intervention.nextStartDate),
      },
      errors: [],
    });
  }

  @Post('listings/:id/capacity')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async setCapacity(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', listingId) id: string,
    @Body() body: FormBody,
  ) {
    const values = {
      capacity: text(body.capacity),
      nextStartDate: {
        day: text(body['nextStartDate-day']),
        month: text(body['nextStartDate-month']),
        year: text(body['nextStartDate-year']),
      },
    };
    const errors: FieldMessage[] = [];
    const capacity = wholeNumber(values.capacity, 'capacity', 'Places', errors);
    if (values.capacity === '')
      errors.push({ field: 'capacity', message: 'Enter how many places it can hold at once' });
    const next = dateOf(
      values.nextStartDate.day,
      values.nextStartDate.month,
      values.nextStartDate.year,
    );
    if ('error' in next)
      errors.push({ field: 'nextStartDate-day', message: `The next start ${next.error}` });
    if (errors.length === 0 && capacity !== null) {
      const answer = await this.graphql.run<
        SetListingCapacityMutation,
        SetListingCapacityMutationVariables
      >(req, res, 'SetListingCapacity', {
        id,
        capacity,
        nextStartDate: 'date' in next ? next.date : null,
      });
      const refusal = answer.errors?.[0];
      if (!refusal) {
        req.session.listingsNotice = 'Places and next start saved';
        return res.redirect(303, `/listings/${id}`);
      }
      errors.push(
        ...refusalMessages(
          refusal,
          (path) => (path.endsWith('nextStartDate') ? 'nextStartDate-day' : 'capacity'),
          'capacity',
        ),
      );
    }
    const data = await this.managed(req, res, 'ManageListing', id);
    this.renderCapacity(req, res, data.intervention, { values, errors });
  }

  // ---- publish, suspend, withdraw, confirm ---------------------------------------------------

  @Get('listings/:id/status/:action')
  @Roles(Role.SUPPLIER)
  async statusQuestion(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', listingId) id: string,
    @Param('action') action: string,
  ) {
    const step = statusAction(action);
    const data = await this.managed(req, res, 'ManageListing', id);
    this.renderStatus(req, res, data.intervention, action as StatusAction, step, []);
  }

  @Post('listings/:id/status/:action')
  @Roles(Role.SUPPLIER)
  @UseGuards(CsrfGuard)
  async changeStatus(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', listingId) id: string,
    @Param('action') action: string,
  ) {
    const step = statusAction(action);
    // Publish, suspend, withdraw and confirm take the listing's id alone.
    const answer = await this.graphql.run<unknown, PublishListingMutationVariables>(
      req,
      res,
      step.operation,
      { id },
    );
    const refusal = answer.errors?.[0];
    if (!refusal) {
      req.session.listingsNotice = step.done;
      return res.redirect(303, `/listings/${id}`);
    }
    const errors = refusalMessages(refusal, () => 'problems', 'problems');
    const data = await this.managed(req, res, 'ManageListing', id);
    this.renderStatus(req, res, data.intervention, action as StatusAction, step, errors);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Reads a listing to manage: unknown ids are the 404 page, and a listing the API says the
   * caller may not change (another organisation's) the 403 page.
   */
  private async managed<T extends ManageListingQuery | EditListingQuery = ManageListingQuery>(
    req: Request,
    res: Response,
    operation: 'ManageListing' | 'EditListing',
    id: string,
  ): Promise<Managed<T>> {
    const data = await this.graphql.read<T, ManageListingQueryVariables>(req, res, operation, {
      id,
    });
    const intervention = data.intervention;
    if (!intervention) throw new PageNotFoundError();
    if (!intervention.canManage) {
      throw new ForbiddenError(
        "Only the provider's own suppliers can change its listings",
        'OUT_OF_SCOPE',
      );
    }
    return { ...data, intervention };
  }

  /** Venues placed where the geocoder knows their postcode (else the API uses the area's centre). */
  private async placed(input: ListingInput): Promise<ListingInput> {
    const venues = await Promise.all(
      input.venues.map(async (venue) => {
        const point = await this.geocoder.locate(venue.postcode).catch(() => null);
        return point ? { ...venue, lat: point.lat, lng: point.lng } : venue;
      }),
    );
    return { ...input, venues };
  }

  private formRefusal(
    refusal: Parameters<typeof refusalMessages>[0],
    values: ListingFormValues,
  ): FieldMessage[] {
    const rows = sentVenueRows(values);
    return refusalMessages(refusal, (path) => listingFieldOf(path, rows), 'title');
  }

  private renderForm(
    req: Request,
    res: Response,
    page: {
      choices: ListingFormChoicesQuery;
      form: ListingFormValues;
      errors: FieldMessage[];
      listing?: ManagedListing;
    },
  ): void {
    res.status(page.errors.length > 0 ? 400 : 200).render('pages/listings/listing-form', {
      pageTitle: page.listing ? `Edit ${page.listing.title}` : 'Create a listing',
      csrfToken: formToken(req),
      ...page,
      venues: venueRowsToShow(page.form.venues),
      action: page.listing ? `/listings/${page.listing.id}/edit` : '/listings/new',
      items,
      options: {
        deliveryModes: DELIVERY_MODES,
        adaptations: ADAPTATIONS,
        sexes: SEXES,
        riskLevels: RISK_LEVELS,
        supervisionTypes: SUPERVISION_TYPES,
      },
    });
  }

  private renderPrice(
    req: Request,
    res: Response,
    listing: ManagedListing,
    page: { values: Record<string, unknown>; errors: FieldMessage[] },
  ): void {
    res.status(page.errors.length > 0 ? 400 : 200).render('pages/listings/price', {
      pageTitle: `Set a price for ${listing.title}`,
      csrfToken: formToken(req),
      listing,
      units: PRICE_UNITS,
      ...page,
    });
  }

  private renderCapacity(
    req: Request,
    res: Response,
    listing: ManagedListing,
    page: { values: Record<string, unknown>; errors: FieldMessage[] },
  ): void {
    res.status(page.errors.length > 0 ? 400 : 200).render('pages/listings/capacity', {
      pageTitle: `Places and next start for ${listing.title}`,
      csrfToken: formToken(req),
      listing,
      ...page,
    });
  }

  private renderStatus(
    req: Request,
    res: Response,
    listing: ManagedListing,
    action: StatusAction,
    step: (typeof STATUS_ACTIONS)[StatusAction],
    errors: FieldMessage[],
  ): void {
    res.status(errors.length > 0 ? 400 : 200).render('pages/listings/status', {
      pageTitle: `${step.title}: ${listing.title}`,
      csrfToken: formToken(req),
      listing,
      action,
      step,
      errors,
    });
  }
}

/** GOV.UK checkbox or select items: enum values in words, or reference choices by name. */
export function items(
  options: readonly (string | Choice)[],
  selected: string | string[],
): { value: string; text: string; checked: boolean; selected: boolean }[] {
  const chosen = [selected].flat();
  return options.map((option) => {
    const value = typeof option === 'string' ? option : option.code;
    const text = typeof option === 'string' ? formatEnum(option) : option.name;
    return { value, text, checked: chosen.includes(value), selected: chosen.includes(value) };
  });
}

function statusAction(action: string): (typeof STATUS_ACTIONS)[StatusAction] {
  if (!Object.hasOwn(STATUS_ACTIONS, action)) throw new PageNotFoundError();
  return STATUS_ACTIONS[action as StatusAction];
}

/** The price form's field for an API field path (`input.amountPence` → `amount`). */
export function priceFieldOf(path: string): string {
  const field = path.replace(/^input\./, '');
  if (field === 'amountPence') return 'amount';
  if (field === 'outcomePaymentPence') return 'outcomePayment';
  if (field === 'unit') return 'unit';
  return 'effectiveFrom-day';
}

/** The success message left by the last form, shown once. */
export function takeNotice(req: Request): string | undefined {
  const notice = req.session?.listingsNotice;
  if (notice) delete req.session.listingsNotice;
  return notice;
}
